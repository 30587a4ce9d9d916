from core.roles import can_request_commitment, can_write, primary_role, role_label


def roles(request):
    user = request.user
    role = primary_role(user)
    return {
        "user_role": role,
        "user_role_label": role_label(role),
        "user_can_write": can_write(user),
        "user_can_request": can_request_commitment(user),
    }
