"""The error a duban command stops with when the user's input is wrong."""

from django.core.management import CommandError


class 错误(CommandError):  # noqa: N801
    """A command's user-facing failure: exit status 2 and one Chinese line on stderr.

    Django prints a failed command as "<exception class name>: <message>", so the
    class carries the name a Chinese user reads there: "错误: 方案.docx：不是有效的 Word 文档".
    """

    def __init__(self, message: str):
        super().__init__(message, returncode=2)


UserInputError = 错误  # the name code uses
