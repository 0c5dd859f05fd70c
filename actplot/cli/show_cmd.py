"""(being written)"""


def show_command() -> None:
    """(being written)"""
    raise NotImplementedError
