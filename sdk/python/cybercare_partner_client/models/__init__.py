"""Contains all the data models used in inputs/outputs"""

from .address_in import AddressIn
from .address_read import AddressRead
from .affiliate_in import AffiliateIn
from .affiliate_in_language import AffiliateInLanguage
from .affiliate_succession import AffiliateSuccession
from .affiliate_succession_relationships import AffiliateSuccessionRelationships
from .affiliate_succession_relationships_additional_property import (
    AffiliateSuccessionRelationshipsAdditionalProperty,
)
from .affiliation_change_data import AffiliationChangeData
from .affiliation_change_data_by_type_0 import AffiliationChangeDataByType0
from .affiliation_create import AffiliationCreate
from .affiliation_create_prevention_declarations import (
    AffiliationCreatePreventionDeclarations,
)
from .affiliation_read import AffiliationRead
from .affiliation_read_prevention_declarations import (
    AffiliationReadPreventionDeclarations,
)
from .affiliation_renewed import AffiliationRenewed
from .affiliation_subscribed import AffiliationSubscribed
from .affiliation_suspended import AffiliationSuspended
from .affiliation_suspension_lifted import AffiliationSuspensionLifted
from .affiliation_terminated import AffiliationTerminated
from .affiliation_termination_notified import AffiliationTerminationNotified
from .affiliation_withdrawn import AffiliationWithdrawn
from .asked_to import AskedTo
from .assistance_line_read import AssistanceLineRead
from .clause_read import ClauseRead
from .condition_read import ConditionRead
from .distributor_call_back_create import DistributorCallBackCreate
from .distributor_call_back_create_language_type_0 import (
    DistributorCallBackCreateLanguageType0,
)
from .distributor_call_back_read import DistributorCallBackRead
from .document_read import DocumentRead
from .event_page import EventPage
from .evidence_read import EvidenceRead
from .format_ import Format
from .guarantee_read import GuaranteeRead
from .household_address_changed import HouseholdAddressChanged
from .household_affiliate_died import HouseholdAffiliateDied
from .household_affiliate_replaced import HouseholdAffiliateReplaced
from .household_change_data import HouseholdChangeData
from .household_member_joined import HouseholdMemberJoined
from .household_member_left import HouseholdMemberLeft
from .household_move import HouseholdMove
from .household_relationship_redeclared import HouseholdRelationshipRedeclared
from .limit_read import LimitRead
from .line_error_read import LineErrorRead
from .list_period_charges_format import ListPeriodChargesFormat
from .mandate_create import MandateCreate
from .mandate_read import MandateRead
from .mandate_read_channel import MandateReadChannel
from .mandate_read_status import MandateReadStatus
from .mandate_update import MandateUpdate
from .member_create import MemberCreate
from .member_create_language import MemberCreateLanguage
from .member_create_relationship import MemberCreateRelationship
from .member_departure import MemberDeparture
from .member_in import MemberIn
from .member_in_language import MemberInLanguage
from .member_in_relationship import MemberInRelationship
from .member_read import MemberRead
from .payment_results_create import PaymentResultsCreate
from .payment_results_read import PaymentResultsRead
from .pending_end_read import PendingEndRead
from .period_read import PeriodRead
from .pot_read import PotRead
from .premium_quote_read import PremiumQuoteRead
from .premium_read import PremiumRead
from .preview_termination_by import PreviewTerminationBy
from .privacy_notice_read import PrivacyNoticeRead
from .problem import Problem
from .problem_error import ProblemError
from .problem_params_type_0 import ProblemParamsType0
from .product_ref import ProductRef
from .product_summary_read import ProductSummaryRead
from .product_version_read import ProductVersionRead
from .quote_create import QuoteCreate
from .quote_read import QuoteRead
from .radar_counts_read import RadarCountsRead
from .radar_counts_read_by_kind import RadarCountsReadByKind
from .radar_counts_read_by_verdict import RadarCountsReadByVerdict
from .radar_report_create import RadarReportCreate
from .radar_report_create_language_type_0 import RadarReportCreateLanguageType0
from .radar_report_receipt import RadarReportReceipt
from .reason_read import ReasonRead
from .reason_read_params import ReasonReadParams
from .relationship import Relationship
from .report_kind import ReportKind
from .service_read import ServiceRead
from .subscribed_data import SubscribedData
from .tax_period_read import TaxPeriodRead
from .termination_create import TerminationCreate
from .termination_create_by import TerminationCreateBy
from .termination_read import TerminationRead
from .test_clock_advance import TestClockAdvance
from .test_clock_attach import TestClockAttach
from .test_clock_create import TestClockCreate
from .test_clock_read import TestClockRead
from .test_clock_read_status import TestClockReadStatus
from .timers_read import TimersRead
from .webhook_endpoint_create import WebhookEndpointCreate
from .webhook_endpoint_created import WebhookEndpointCreated
from .webhook_endpoint_disabled import WebhookEndpointDisabled
from .webhook_endpoint_disabled_data import WebhookEndpointDisabledData
from .webhook_endpoint_page import WebhookEndpointPage
from .webhook_endpoint_read import WebhookEndpointRead
from .webhook_event_types_update import WebhookEventTypesUpdate
from .webhook_replay_create import WebhookReplayCreate
from .webhook_replay_read import WebhookReplayRead
from .webhook_rotation_create import WebhookRotationCreate
from .webhook_test import WebhookTest
from .webhook_test_data import WebhookTestData
from .webhook_test_sent import WebhookTestSent
from .withdrawal_create import WithdrawalCreate
from .withdrawal_read import WithdrawalRead

__all__ = (
    "AddressIn",
    "AddressRead",
    "AffiliateIn",
    "AffiliateInLanguage",
    "AffiliateSuccession",
    "AffiliateSuccessionRelationships",
    "AffiliateSuccessionRelationshipsAdditionalProperty",
    "AffiliationChangeData",
    "AffiliationChangeDataByType0",
    "AffiliationCreate",
    "AffiliationCreatePreventionDeclarations",
    "AffiliationRead",
    "AffiliationReadPreventionDeclarations",
    "AffiliationRenewed",
    "AffiliationSubscribed",
    "AffiliationSuspended",
    "AffiliationSuspensionLifted",
    "AffiliationTerminated",
    "AffiliationTerminationNotified",
    "AffiliationWithdrawn",
    "AskedTo",
    "AssistanceLineRead",
    "ClauseRead",
    "ConditionRead",
    "DistributorCallBackCreate",
    "DistributorCallBackCreateLanguageType0",
    "DistributorCallBackRead",
    "DocumentRead",
    "EventPage",
    "EvidenceRead",
    "Format",
    "GuaranteeRead",
    "HouseholdAddressChanged",
    "HouseholdAffiliateDied",
    "HouseholdAffiliateReplaced",
    "HouseholdChangeData",
    "HouseholdMemberJoined",
    "HouseholdMemberLeft",
    "HouseholdMove",
    "HouseholdRelationshipRedeclared",
    "LimitRead",
    "LineErrorRead",
    "ListPeriodChargesFormat",
    "MandateCreate",
    "MandateRead",
    "MandateReadChannel",
    "MandateReadStatus",
    "MandateUpdate",
    "MemberCreate",
    "MemberCreateLanguage",
    "MemberCreateRelationship",
    "MemberDeparture",
    "MemberIn",
    "MemberInLanguage",
    "MemberInRelationship",
    "MemberRead",
    "PaymentResultsCreate",
    "PaymentResultsRead",
    "PendingEndRead",
    "PeriodRead",
    "PotRead",
    "PremiumQuoteRead",
    "PremiumRead",
    "PreviewTerminationBy",
    "PrivacyNoticeRead",
    "Problem",
    "ProblemError",
    "ProblemParamsType0",
    "ProductRef",
    "ProductSummaryRead",
    "ProductVersionRead",
    "QuoteCreate",
    "QuoteRead",
    "RadarCountsRead",
    "RadarCountsReadByKind",
    "RadarCountsReadByVerdict",
    "RadarReportCreate",
    "RadarReportCreateLanguageType0",
    "RadarReportReceipt",
    "ReasonRead",
    "ReasonReadParams",
    "Relationship",
    "ReportKind",
    "ServiceRead",
    "SubscribedData",
    "TaxPeriodRead",
    "TerminationCreate",
    "TerminationCreateBy",
    "TerminationRead",
    "TestClockAdvance",
    "TestClockAttach",
    "TestClockCreate",
    "TestClockRead",
    "TestClockReadStatus",
    "TimersRead",
    "WebhookEndpointCreate",
    "WebhookEndpointCreated",
    "WebhookEndpointDisabled",
    "WebhookEndpointDisabledData",
    "WebhookEndpointPage",
    "WebhookEndpointRead",
    "WebhookEventTypesUpdate",
    "WebhookReplayCreate",
    "WebhookReplayRead",
    "WebhookRotationCreate",
    "WebhookTest",
    "WebhookTestData",
    "WebhookTestSent",
    "WithdrawalCreate",
    "WithdrawalRead",
)
