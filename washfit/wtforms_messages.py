"""The messages WTForms' validators and fields show, listed so that ``pybabel extract`` keeps them.

WTForms ships no Bahasa Indonesia; ``washfit.forms`` hands WTForms washfit's own catalog, and
this list puts WTForms' message ids into it. Nothing imports this module.
"""

from assessments.i18n.labels import N_


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular/plural pair for extraction (``pybabel extract -k N_plural:1,2``)."""
    return singular, plural


MESSAGES = (
    N_("This field is required."),
    N_("Invalid input."),
    N_("Not a valid choice."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid date value."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
)
PLURAL_MESSAGES = (
    N_plural("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."),
    N_plural("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."),
    N_plural("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field."),
)
