# Emails. No service name, no names, no links: anyone may read them.
mail-update-subject = Update
mail-update-body =
    There is an update. Please sign in.
mail-verify-code-subject = Your code
mail-verify-code-body =
    Your code is { $code }. It is valid for 15 minutes.
    If you did not ask for it, ignore this message.
mail-recovery-code-subject = Your code
mail-recovery-code-body =
    Your code is { $code }. It is valid for 15 minutes.
    If you did not ask for it, ignore this message; nothing changes without it.
