from django.db.models import Model

from events.names import slugify_vi


def unique_slug(model: type[Model], text: str, *, max_length: int = 80, **scope) -> str:
    """A slug from Vietnamese text (đ → d) that is free in ``model`` within ``scope``."""
    base = slugify_vi(text)[:max_length].strip("-") or "x"
    slug, n = base, 2
    while model.objects.filter(slug=slug, **scope).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug
