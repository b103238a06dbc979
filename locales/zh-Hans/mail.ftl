# Emails. No service name, no names, no links: anyone may read them.
mail-update-subject = 更新
mail-update-body =
    有一条更新。请登录查看。
mail-verify-code-subject = 您的验证码
mail-verify-code-body =
    您的验证码是 { $code }。15 分钟内有效。
    如果这不是您申请的，请忽略这封邮件。
mail-recovery-code-subject = 您的验证码
mail-recovery-code-body =
    您的验证码是 { $code }。15 分钟内有效。
    如果这不是您申请的，请忽略这封邮件；没有这个验证码，什么都不会改变。
