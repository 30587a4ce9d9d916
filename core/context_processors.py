from core.roles import can_request_commitment, can_write, primary_role


def roles(request):
    user = request.user
    return {
        "user_role": primary_role(user),
        "user_can_write": can_write(user),
        "user_can_request": can_request_commitment(user),
    }
