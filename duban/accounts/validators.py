"""Password rules (GB/T 22239 level 3 practice): long enough, and made of several kinds of character."""

from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    # Anything else is a symbol: punctuation, spaces, and also non-Latin letters such as 汉字,
    # which no dictionary attack of Latin passwords covers either.
    ("符号", lambda c: not (c.isupper() or c.islower() or c.isdigit())),
)


class ComplexityValidator:
    """At least ``min_length`` characters, drawn from at least ``min_classes`` of the four classes."""

    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(ValidationError(
                f"密码太短：至少需要 {self.min_length} 个字符。", code="password_too_short",
            ))
        used = [name for name, belongs in CLASSES if any(belongs(c) for c in password)]
        if len(used) < self.min_classes:
            errors.append(ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类（当前只有 {len(used)} 类）。",
                code="password_too_simple",
            ))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 个字符，且包含大写字母、小写字母、数字、符号中的至少 {self.min_classes} 类。"
