"""Choices that carry their GOV.UK tag colour, and the model field that hands them back as members,
so a status knows its own colour wherever it is shown (`{% status_tag audit.status %}`)."""
from django.db import models
from django.db.models.query_utils import DeferredAttribute

TAG_COLOURS = frozenset({"grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange",
                         "yellow"})


class ColouredChoices(models.TextChoices):
    """TextChoices whose members each have a GOV.UK tag colour, set with `tag_colours` below."""

    @property
    def colour(self) -> str:
        return type(self).__dict__.get("_tag_colours", {}).get(self.value, "grey")


def tag_colours(**colours: str):
    """Class decorator: the colour of each member, by member name; members not named are grey."""

    def decorate(cls):
        unknown = set(colours) - set(cls.__members__)
        bad = {c for c in colours.values() if c not in TAG_COLOURS}
        if unknown or bad:
            raise ValueError(f"{cls.__name__}: unknown members {sorted(unknown)} or colours {sorted(bad)}")
        type.__setattr__(cls, "_tag_colours", {cls[name].value: colour for name, colour in colours.items()})
        return cls

    return decorate


class _ChoiceAttribute(DeferredAttribute):
    """Turns a stored string into its choices member on read and on assignment."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = self.field.to_member(value)

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None:
            return value
        return self.field.to_member(value)


class StatusField(models.CharField):
    """A CharField over a ColouredChoices (or any TextChoices) whose value is always the member."""

    descriptor_class = _ChoiceAttribute

    def __init__(self, choices_enum=None, *args, **kwargs):
        self.choices_enum = choices_enum
        if choices_enum is not None:
            kwargs["choices"] = choices_enum.choices
        kwargs.setdefault("max_length", 30)
        super().__init__(*args, **kwargs)

    def to_member(self, value):
        if self.choices_enum is None or value is None or value == "" or isinstance(value, self.choices_enum):
            return value
        try:
            return self.choices_enum(value)
        except ValueError:
            return value

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs
