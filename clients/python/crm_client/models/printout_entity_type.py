from enum import StrEnum


class PrintoutEntityType(StrEnum):
    CREDIT_NOTE = "CREDIT_NOTE"
    INVOICE = "INVOICE"
    ORDERS = "ORDERS"
    PAYMENT = "PAYMENT"
    REFUND = "REFUND"
    SERVICE_REQUEST = "SERVICE_REQUEST"
    SUBSCRIPTIONS = "SUBSCRIPTIONS"
    TOP_UP = "TOP_UP"

    def __str__(self) -> str:
        return str(self.value)
