"""(being written)"""


def table_command() -> None:
    """(being written)"""
    raise NotImplementedError
