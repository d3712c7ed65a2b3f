"""Contains all the data models used in inputs/outputs"""

from .app_answer import AppAnswer
from .approval_action import ApprovalAction
from .approval_entity import ApprovalEntity
from .approval_entity_type import ApprovalEntityType
from .approval_request_answer import ApprovalRequestAnswer
from .approval_requests_page import ApprovalRequestsPage
from .approval_state import ApprovalState
from .auth_contact import AuthContact
from .auth_organisation import AuthOrganisation
from .auth_organisation_org_relationship import AuthOrganisationOrgRelationship
from .change_otp import ChangeOtp
from .change_password_request import ChangePasswordRequest
from .channel import Channel
from .communication_actions import CommunicationActions
from .communication_answer import CommunicationAnswer
from .communication_contact import CommunicationContact
from .communication_summary import CommunicationSummary
from .communications_page import CommunicationsPage
from .company_profile import CompanyProfile
from .consent_state import ConsentState
from .consent_update import ConsentUpdate
from .contact_answer import ContactAnswer
from .contact_answer_type import ContactAnswerType
from .contact_organisation import ContactOrganisation
from .contact_update import ContactUpdate
from .credential import Credential
from .credential_name import CredentialName
from .custom_field import CustomField
from .date_of_birth import DateOfBirth
from .demographics import Demographics
from .demographics_gender_type_0 import DemographicsGenderType0
from .email_authenticate import EmailAuthenticate
from .email_identity import EmailIdentity
from .empty_answer import EmptyAnswer
from .error import Error
from .file_answer import FileAnswer
from .file_answer_state import FileAnswerState
from .file_entity import FileEntity
from .forgot_password_request import ForgotPasswordRequest
from .gift_pass import GiftPass
from .id_answer import IdAnswer
from .id_details import IdDetails
from .life_cycle_state import LifeCycleState
from .link_answer import LinkAnswer
from .mac_address_authenticate_request import MacAddressAuthenticateRequest
from .name_day import NameDay
from .otp_answer import OtpAnswer
from .otp_credential import OtpCredential
from .otp_credential_name import OtpCredentialName
from .otp_request import OtpRequest
from .paging import Paging
from .passport import Passport
from .phone_answer import PhoneAnswer
from .phone_authenticate import PhoneAuthenticate
from .phone_identity import PhoneIdentity
from .preference_type import PreferenceType
from .preference_update import PreferenceUpdate
from .preferences_answer import PreferencesAnswer
from .preferred_organisation import PreferredOrganisation
from .presigned_upload import PresignedUpload
from .presigned_upload_fields import PresignedUploadFields
from .printout_answer import PrintoutAnswer
from .printout_entity import PrintoutEntity
from .printout_entity_type import PrintoutEntityType
from .printout_request import PrintoutRequest
from .printout_request_format import PrintoutRequestFormat
from .refresh_request import RefreshRequest
from .register_request import RegisterRequest
from .send_method import SendMethod
from .social_authenticate_request import SocialAuthenticateRequest
from .social_provider import SocialProvider
from .social_register_identity import SocialRegisterIdentity
from .sort_order import SortOrder
from .tokens_answer import TokensAnswer
from .upload_answer import UploadAnswer
from .upload_file_form import UploadFileForm
from .validate_otp_request import ValidateOtpRequest
from .validate_request import ValidateRequest
from .variant import Variant
from .verification_answer import VerificationAnswer
from .wifi_authorization_request import WifiAuthorizationRequest

__all__ = (
    "AppAnswer",
    "ApprovalAction",
    "ApprovalEntity",
    "ApprovalEntityType",
    "ApprovalRequestAnswer",
    "ApprovalRequestsPage",
    "ApprovalState",
    "AuthContact",
    "AuthOrganisation",
    "AuthOrganisationOrgRelationship",
    "ChangeOtp",
    "ChangePasswordRequest",
    "Channel",
    "CommunicationActions",
    "CommunicationAnswer",
    "CommunicationContact",
    "CommunicationsPage",
    "CommunicationSummary",
    "CompanyProfile",
    "ConsentState",
    "ConsentUpdate",
    "ContactAnswer",
    "ContactAnswerType",
    "ContactOrganisation",
    "ContactUpdate",
    "Credential",
    "CredentialName",
    "CustomField",
    "DateOfBirth",
    "Demographics",
    "DemographicsGenderType0",
    "EmailAuthenticate",
    "EmailIdentity",
    "EmptyAnswer",
    "Error",
    "FileAnswer",
    "FileAnswerState",
    "FileEntity",
    "ForgotPasswordRequest",
    "GiftPass",
    "IdAnswer",
    "IdDetails",
    "LifeCycleState",
    "LinkAnswer",
    "MacAddressAuthenticateRequest",
    "NameDay",
    "OtpAnswer",
    "OtpCredential",
    "OtpCredentialName",
    "OtpRequest",
    "Paging",
    "Passport",
    "PhoneAnswer",
    "PhoneAuthenticate",
    "PhoneIdentity",
    "PreferencesAnswer",
    "PreferenceType",
    "PreferenceUpdate",
    "PreferredOrganisation",
    "PresignedUpload",
    "PresignedUploadFields",
    "PrintoutAnswer",
    "PrintoutEntity",
    "PrintoutEntityType",
    "PrintoutRequest",
    "PrintoutRequestFormat",
    "RefreshRequest",
    "RegisterRequest",
    "SendMethod",
    "SocialAuthenticateRequest",
    "SocialProvider",
    "SocialRegisterIdentity",
    "SortOrder",
    "TokensAnswer",
    "UploadAnswer",
    "UploadFileForm",
    "ValidateOtpRequest",
    "ValidateRequest",
    "Variant",
    "VerificationAnswer",
    "WifiAuthorizationRequest",
)
