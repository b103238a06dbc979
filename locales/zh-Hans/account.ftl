# Account pages: sign up, sign in, recovery, settings, staff second factor, invitations.

field-passphrase = 密码短语
field-passphrase-again = 再输入一次同样的密码短语
field-new-passphrase = 新密码短语
field-current-passphrase = 当前密码短语
field-duress-passphrase = 胁迫密码短语
field-email = 电子邮箱
field-email-optional = 电子邮箱（可选）
field-login = 账户名或电子邮箱
field-totp = 身份验证器应用中的验证码
field-totp-help = 应用当前显示的六位数字。只有在您还没有设置第二重验证时才留空。
field-totp-code = 六位数验证码
field-recovery-code = 恢复码
field-email-code = 邮件中的验证码
field-invite-code = 邀请码
field-role = 角色
field-organization = 机构
field-organization-name = 机构名称

passphrase-help = 至少 12 个字符。几个互不相关的词容易记住，也难以被猜到。常见密码不能使用。
email-help = 可选。请使用只有您自己会看的邮箱，最好是专门为此新建的。我们只会发送不含任何名字的简短消息。

signup-title = 创建账户
signup-lead = 您不需要提供姓名或电子邮箱。我们会为您生成一个账户名。
signup-submit = 创建我的账户
signup-have-account = 已经有账户了？

created-title = 您的账户已准备好
created-lead = 请记下您的账户名。登录时需要它，我们无法替您查找。
created-handle = 您的账户名：
created-codes = 您的恢复码
created-codes-help = 如果忘记密码短语，可以用其中任意一个恢复码设置新的密码短语。每个恢复码只能用一次。请把它们保存在安全、私密的地方，不要和这台设备放在一起。
created-print-help = 如需保留纸质副本，请通过浏览器菜单打印此页，或手抄这些恢复码。请把纸放在别人找不到的地方。
created-print = 打印此页
created-once = 这些只显示这一次。
created-continue = 进入我的账户

signin-title = 登录
signin-submit = 登录
signin-forgot = 忘记密码短语？
signin-no-account = 还没有账户？

recover-title = 设置新的密码短语
recover-with-code = 使用恢复码
recover-submit = 设置新的密码短语
recover-by-email = 使用您的电子邮箱
recover-by-email-help = 如果您的账户有已验证的电子邮箱，我们可以向它发送验证码。
recover-send-code = 给我发送验证码

account-title = 我的账户
account-handle = 账户名
account-recovery-left = 剩余的恢复码
account-staff-second-factor = 工作人员账户必须先设置第二重验证，才能做其他事情。
account-passphrase = 更改密码短语
account-passphrase-help = 更改后，您在所有其他设备上都会被退出。
account-passphrase-submit = 更改密码短语
account-email = 电子邮箱
account-email-none = 没有电子邮箱。这没关系：您可以用恢复码找回账户。
account-email-verified = 已验证。您可以用它登录和找回账户。
account-email-unverified = 尚未验证。请输入我们发送到该邮箱的验证码。
account-email-verify = 验证
account-email-remove = 删除电子邮箱
account-email-set = 保存并发送验证码
account-sessions = 您在哪些地方登录
account-session-created = 登录时间
account-session-seen = 最近活动
account-session-this = 这台设备
account-sign-out-everywhere = 在所有设备上退出
account-sign-out-everywhere-help = 如果设备丢失或被拿走，这会结束所有会话，包括当前这个。
account-duress = 胁迫密码短语
account-duress-help = 如果有人强迫您登录，请改用这个第二密码短语。它会打开一个看起来真实的空账户；除非您事先用真实的密码短语登录，否则您的真实账户会在几天后被删除。
account-duress-is-set = 已设置胁迫密码短语。
account-duress-empty-removes = 留空即可删除胁迫密码短语。
account-duress-submit = 保存

totp-title = 第二重验证
totp-lead = 工作人员账户每次登录都需要身份验证器应用（例如 Aegis、FreeOTP 或 Google Authenticator）中的验证码。
totp-start = 设置第二重验证
totp-step-scan = 用您的身份验证器应用扫描这个码。
totp-step-manual = 或者在应用中输入这个密钥：
totp-step-code = 输入应用显示的六位数验证码。
totp-confirm = 确认
totp-already = 您的第二重验证已设置好。

invites-title = 邀请
invites-create = 创建邀请
invites-new-code = 新的邀请码：
invites-new-code-help = 请用安全的方式交给对方。它只能用一次，七天后失效，之后不会再显示。
invites-no-organization = 无机构
invites-mine = 您创建的邀请
invites-none = 暂无。
invites-expires = 失效时间
invites-state = 状态
invites-used = 已使用
invites-open = 有效
orgs-title = 机构
orgs-create = 添加机构

accept-title = 以工作人员身份加入
accept-lead = 输入您收到的邀请码，并选择一个密码短语。
accept-submit = 创建我的工作人员账户

role-org_admin = 机构管理员
role-caseworker = 个案工作者
role-admin = 运营者
role-auditor = 审计员
role-registrant = 登记人

notice-recovered = 您的新密码短语已设置。请登录。
notice-passphrase = 您的密码短语已更改。其他设备已退出。
notice-email-sent = 我们已向该邮箱发送验证码。请在下方输入。
notice-email-verified = 您的电子邮箱已验证。
notice-email-removed = 您的电子邮箱已删除。
notice-duress = 已保存。
notice-second-factor = 您的第二重验证已设置好。
notice-organization = 机构已添加。
notice-signed-out = 您已退出。
notice-recovery-email = 如果这个账户有已验证的电子邮箱，验证码正在发送中。请在下方连同新的密码短语一起输入。

form-error-invalid_credentials = 账户名或密码短语不正确。请检查账户名，然后慢慢重新输入密码短语。
form-error-passphrase_too_short = 密码短语太短：至少需要 12 个字符。
form-error-passphrase_too_long = 密码短语太长。
form-error-passphrase_breached = 这个密码短语太常见了：它出现在被盗密码的列表中。请另选一个。
form-error-passphrase_mismatch = 两次输入的密码短语不一致。
form-error-invalid_email = 这看起来不像电子邮箱地址。
form-error-totp_required = 请输入身份验证器应用中的验证码。
form-error-wrong_passphrase = 当前密码短语不正确。
form-error-invalid_code = 验证码不正确或已过期。
form-error-invalid_recovery = 账户名或恢复码不正确。
form-error-duress_same_as_passphrase = 胁迫密码短语必须与您的密码短语不同。
form-error-role_not_allowed = 您不能邀请这个角色。
form-error-organization_required = 请选择新机构管理员所属的机构。
form-error-invalid_name = 名称最多 200 个字符。
form-error-invite = 这个邀请码无效、已被使用或已过期。
form-error-limited = 刚才尝试的次数太多了。
form-error-signin-limited = 这次尝试没有被核对，所以您的密码短语很可能是对的：几次错误尝试之后，每个账户名在下一次尝试前都要稍等一会儿。
form-error-signup-limited = 刚才新建的账户很多，所以新账户需要稍等一会儿。没有保存任何内容。
form-error-recover-limited = 刚才用这个账户名或从您的网络进行了多次找回尝试。没有更改任何内容。
form-error-email_unavailable = 这个服务不发送电子邮件，所以无法验证邮箱。请留空。

# Approval codes for a PFIF export or import (organization admins).
approvals-title = 批准一次 PFIF 导出或导入
approvals-intro = 批准码让运营者对您机构协助完成的登记进行一次 PFIF 导出或一次导入。PFIF 是 Person Finder 及类似登记系统读取的格式。批准码只能使用一次，30 分钟后失效。导出的文件以明文包含姓名、出生日期、地点和备注：只批准您的机构已经决定的导出。
approvals-link = 批准一次 PFIF 导出或导入
field-purpose = 允许的操作
approvals-purpose-pfif_export = 一次 PFIF 导出
approvals-purpose-pfif_import = 一次 PFIF 导入
approvals-create = 生成批准码
approvals-new-code = 新的批准码：
approvals-new-code-help = 请用安全的方式交给运营者。它只能使用一次，仅限本机构，30 分钟后失效。它不会再次显示。
approvals-mine = 您签发的批准
approvals-none = 还没有。
approvals-expires = 失效时间
approvals-state = 状态
approvals-used = 已使用
approvals-open = 未使用

# The staff sign-in page; the registrants' page has no code field.
staff-signin-title = 工作人员登录
staff-signin-lead = 供合作机构的个案工作者和其他工作人员使用：您的账户名、密码短语和身份验证器应用中的验证码。
staff-signin-not-staff = 不是工作人员？请使用普通登录。
signin-staff-link = 合作机构的工作人员请在这里登录。
