"""(being written)"""


def info_command() -> None:
    """(being written)"""
    raise NotImplementedError
