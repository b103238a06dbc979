# Account pages: sign up, sign in, recovery, settings, staff second factor, invitations.

field-passphrase = Passphrase
field-passphrase-again = The same passphrase again
field-new-passphrase = New passphrase
field-current-passphrase = Current passphrase
field-duress-passphrase = Duress passphrase
field-email = Email address
field-email-optional = Email address (optional)
field-login = Account name or email
field-totp = Code from your authenticator app
field-totp-help = The six digits the app shows now. Leave it empty only if you have not set up your second factor yet.
field-totp-code = Six-digit code
field-recovery-code = Recovery code
field-email-code = Code from the email
field-invite-code = Invitation code
field-role = Role
field-organization = Organization
field-organization-name = Name of the organization

passphrase-help = At least 12 characters. A few unrelated words are easy to remember and hard to guess. Common passwords are refused.
email-help = Optional. Use an address that only you read, ideally one made just for this. We send it only short messages with no names in them.

signup-title = Create an account
signup-lead = You do not need to give your name or email. We will make an account name for you.
signup-submit = Create my account
signup-have-account = Already have an account?

created-title = Your account is ready
created-lead = Write down your account name. You need it to sign in, and we cannot look it up for you.
created-handle = Your account name:
created-codes = Your recovery codes
created-codes-help = If you forget your passphrase, one of these codes lets you set a new one. Each code works once. Keep them somewhere safe and private, away from this device.
created-print-help = To keep a copy on paper, print this page from your browser’s menu, or copy the codes by hand. Keep the paper where others will not find it.
created-print = Print this page
created-once = This is the only time these are shown.
created-continue = Continue to my account

signin-title = Sign in
signin-submit = Sign in
signin-forgot = Forgot your passphrase?
signin-no-account = No account yet?

recover-title = Set a new passphrase
recover-with-code = With a recovery code
recover-submit = Set the new passphrase
recover-by-email = With your email address
recover-by-email-help = If your account has a confirmed email address, we can send a code to it.
recover-send-code = Send me a code

account-title = My account
account-handle = Account name
account-recovery-left = Recovery codes left
account-staff-second-factor = Staff accounts must set up a second factor before they can do anything else.
account-passphrase = Change passphrase
account-passphrase-help = Changing it signs you out on every other device.
account-passphrase-submit = Change passphrase
account-email = Email address
account-email-none = No email address. That is fine: you can recover your account with a recovery code.
account-email-verified = Confirmed. You can sign in and recover your account with it.
account-email-unverified = Not confirmed yet. Enter the code we sent to it.
account-email-verify = Confirm
account-email-remove = Remove the email address
account-email-set = Save and send a code
account-sessions = Where you are signed in
account-session-created = Signed in
account-session-seen = Last active
account-session-this = This device
account-sign-out-everywhere = Sign out everywhere
account-sign-out-everywhere-help = If a device was lost or taken, this ends every session, including this one.
account-duress = Duress passphrase
account-duress-help = If someone forces you to sign in, use this second passphrase instead. It opens an empty account that looks real, and your real account is deleted after a few days unless you sign in with your real passphrase first.
account-duress-is-set = A duress passphrase is set.
account-duress-empty-removes = Leave it empty to remove the duress passphrase.
account-duress-submit = Save

totp-title = Second factor
totp-lead = Staff accounts need a code from an authenticator app (for example Aegis, FreeOTP or Google Authenticator) each time they sign in.
totp-start = Set up the second factor
totp-step-scan = Scan this code with your authenticator app.
totp-step-manual = Or type this key into the app:
totp-step-code = Enter the six-digit code the app shows.
totp-confirm = Confirm
totp-already = Your second factor is set up.

invites-title = Invitations
invites-create = Create an invitation
invites-new-code = New invitation code:
invites-new-code-help = Give it to the person in a safe way. It works once and expires in seven days. It is not shown again.
invites-no-organization = No organization
invites-mine = Invitations you made
invites-none = None yet.
invites-expires = Expires
invites-state = State
invites-used = Used
invites-open = Open
orgs-title = Organizations
orgs-create = Add organization

accept-title = Join as staff
accept-lead = Enter the invitation code you were given and choose a passphrase.
accept-submit = Create my staff account

role-org_admin = Organization admin
role-caseworker = Caseworker
role-admin = Operator
role-auditor = Auditor
role-registrant = Registrant

notice-recovered = Your new passphrase is set. Please sign in.
notice-passphrase = Your passphrase is changed. Other devices are signed out.
notice-email-sent = We sent a code to that address. Enter it below.
notice-email-verified = Your email address is confirmed.
notice-email-removed = Your email address is removed.
notice-duress = Saved.
notice-second-factor = Your second factor is set up.
notice-organization = The organization was added.
notice-signed-out = You are signed out.
notice-recovery-email = If this account has a confirmed email address, a code is on its way. Enter it below with your new passphrase.

form-error-invalid_credentials = The account name or passphrase is not right. Check the account name, then type the passphrase again slowly.
form-error-passphrase_too_short = The passphrase is too short: use at least 12 characters.
form-error-passphrase_too_long = The passphrase is too long.
form-error-passphrase_breached = This passphrase is too common: it appears in lists of stolen passwords. Please choose another.
form-error-passphrase_mismatch = The two passphrases are not the same.
form-error-invalid_email = That does not look like an email address.
form-error-totp_required = Enter the code from your authenticator app.
form-error-wrong_passphrase = The current passphrase is not right.
form-error-invalid_code = The code is not right or has expired.
form-error-invalid_recovery = The account name or code is not right.
form-error-duress_same_as_passphrase = The duress passphrase must be different from your passphrase.
form-error-role_not_allowed = You cannot invite that role.
form-error-organization_required = Choose the organization the new organization admin belongs to.
form-error-invalid_name = Give a name of at most 200 characters.
form-error-invite = This invitation code is not valid, was already used, or has expired.
form-error-limited = There were many tries just now.
form-error-signin-limited = This try was not checked, so your passphrase may well be right: after a few wrong tries, every account name waits a little before the next one.
form-error-signup-limited = Many new accounts were made just now, so new ones wait a little. Nothing was saved.
form-error-recover-limited = There were several recovery tries with this account name or from your network just now. Nothing was changed.
form-error-email_unavailable = This service sends no email, so an address cannot be confirmed. Leave it empty.

# Approval codes for a PFIF export or import (organization admins).
approvals-title = Approve a PFIF export or import
approvals-intro = An approval code lets an operator run one export or one import of your organization's assisted registrations in PFIF, the format Person Finder and similar registries read. It works once and expires in 30 minutes. An exported file holds names, birth dates, places and notes in plaintext: approve only an export your organization decided on.
approvals-link = Approve a PFIF export or import
field-purpose = What it allows
approvals-purpose-pfif_export = One PFIF export
approvals-purpose-pfif_import = One PFIF import
approvals-create = Issue an approval code
approvals-new-code = New approval code:
approvals-new-code-help = Give it to the operator in a safe way. It works once, for this organization only, and expires in 30 minutes. It is not shown again.
approvals-mine = Approvals you issued
approvals-none = None yet.
approvals-expires = Expires
approvals-state = State
approvals-used = Used
approvals-open = Not used

# The staff sign-in page; the registrants' page has no code field.
staff-signin-title = Staff sign-in
staff-signin-lead = For caseworkers and other staff of partner organizations: your account name, passphrase and the code from your authenticator app.
staff-signin-not-staff = Not staff? Use the ordinary sign-in.
signin-staff-link = Staff of a partner organization sign in here.
