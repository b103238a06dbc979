# The page shell: header, navigation, language form, quick exit, footer.
site-name = kinlink
skip-to-content = Skip to content
quick-exit = Quick exit
nav-label = Main
nav-home = Home
nav-safety = Staying safe
language-label = Language:
footer-note = kinlink keeps every record encrypted and tells two families about each other only when both agree.

# Error pages. Titles and messages by error code.
error-request-id = If you contact support, give this reference:
error-home-link = Go to the home page
error-title-not_found = Page not found
error-message-not_found = There is nothing at this address. Check the address, or start again from the home page.
error-title-method_not_allowed = Not allowed
error-message-method_not_allowed = This page cannot be used that way. Please go back and use the buttons on the page.
error-title-payload_too_large = Too much text
error-message-payload_too_large = What you sent is too long. Please shorten it and try again.
error-title-bad_request = Something was wrong with the form
error-message-bad_request = We could not read what was sent. Please go back and try again.
error-title-forbidden = Request refused
error-message-forbidden = This request was refused to protect your account. If you followed a link from another site, open kinlink directly instead.
error-title-unauthorized = Please sign in
error-message-unauthorized = You need to sign in to see this page.
error-title-rate_limited = Please slow down
error-message-rate_limited = There were too many requests.
error-title-service_unavailable = Temporarily unavailable
error-message-service_unavailable = The service is busy or under maintenance. Please try again in a few minutes.
error-title-internal_error = Something went wrong
error-message-internal_error = An unexpected error happened on our side. Nothing you entered has been shared with anyone.

# Navigation for accounts.
nav-account = My account
nav-sign-in = Sign in
nav-sign-up = Create an account
nav-sign-out = Sign out

# Limits: how long to wait, said the same way for every account name.
wait-seconds = { $n ->
        [one] Please wait 1 second, then try again.
       *[other] Please wait { $n } seconds, then try again.
    }
wait-minutes = { $n ->
        [one] Please wait 1 minute, then try again.
       *[other] Please wait { $n } minutes, then try again.
    }
wait-hours = { $n ->
        [one] Please wait 1 hour, then try again.
       *[other] Please wait { $n } hours, then try again.
    }
# The banner on every page while matching or a background job is running late.
banner-matching = Matching is delayed: possible matches are not being looked for at the moment. Everything you saved is kept, and matching catches up by itself once it runs again.
banner-delayed = Some background work is running late: emails and reminders may come later than usual. Everything you saved is kept.
banner-staff = These parts of the service are more than 10 minutes late. Check the worker and matcher processes:
banner-part-matcher = Matching (the matcher process, or records waiting in its queue)
banner-part-recovery = Recovery codes by email
banner-part-consent_expiry = Expiry of matches the families did not answer
banner-part-staff_notices = Notices to caseworkers of new candidates
banner-part-decoy_updates = Decoy update emails
banner-part-retention = Reminders, expiry and deletion of registrations past their date
banner-part-outbox = Sending email
banner-part-duress_deletions = Deletions scheduled by a duress sign-in
banner-part-purge = Purging spent limits, sessions and codes
banner-part-features = Rebuilding outdated matching data
