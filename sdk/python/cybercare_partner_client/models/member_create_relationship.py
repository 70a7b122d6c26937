from enum import StrEnum


class MemberCreateRelationship(StrEnum):
    CHILD = "child"
    GRANDCHILD = "grandchild"
    GRANDPARENT = "grandparent"
    OTHER = "other"
    PARENT = "parent"
    PARTNER = "partner"
    PARTNER_CHILD = "partner_child"
    PARTNER_GRANDCHILD = "partner_grandchild"
    PARTNER_GRANDPARENT = "partner_grandparent"
    PARTNER_PARENT = "partner_parent"
    PARTNER_SIBLING = "partner_sibling"
    SIBLING = "sibling"
    SPOUSE = "spouse"

    def __str__(self) -> str:
        return str(self.value)
