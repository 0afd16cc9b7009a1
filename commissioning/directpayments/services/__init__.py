"""Writes of direct payments and the return, each with its audit line (ADR 0005)."""
from .agreements import client_details_save, direct_payment_create, direct_payment_end, support_review_record
from .cards import card_statement_import
from .payments import pay_direct_payments
from .returns import cld_build, cld_download, cld_mark_sent
from .reviews import balance_review_decide

__all__ = ["balance_review_decide", "card_statement_import", "cld_build", "cld_download", "cld_mark_sent",
           "client_details_save", "direct_payment_create", "direct_payment_end", "pay_direct_payments",
           "support_review_record"]
