"""The role groups and the demo logins (one per role, plus an admin)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from core.roles import Role

DEMO_PASSWORD = "pledgeboard"
DEMO_USERS = (("pm", Role.PM), ("presales", Role.PRESALES), ("leadership", Role.LEADERSHIP))


def roles_ensure() -> None:
    """Create the role groups and give PMs the admin permissions of the product apps."""
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    perms = Permission.objects.filter(
        content_type__app_label__in=["customers", "incidents", "roadmap", "django_celery_beat"]
    )
    groups[Role.PM].permissions.set(perms)


def demo_users_ensure() -> list[str]:
    User = get_user_model()
    created = []
    for username, role in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com", "is_staff": role == Role.PM}
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append(username)
        user.groups.add(Group.objects.get(name=role.value))
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.com", DEMO_PASSWORD)
        created.append("admin")
    return created
