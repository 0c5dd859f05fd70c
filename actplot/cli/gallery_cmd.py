"""(being written)"""


def gallery_command() -> None:
    """(being written)"""
    raise NotImplementedError
