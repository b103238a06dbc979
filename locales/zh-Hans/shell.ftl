# The page shell: header, navigation, language form, quick exit, footer.
site-name = kinlink
skip-to-content = 跳到正文
quick-exit = 快速离开
nav-label = 主菜单
nav-home = 首页
nav-safety = 安全须知
language-label = 语言：
footer-note = kinlink 对每条记录都加密保存，只有在两个家庭都同意时，才会让他们知道彼此。

# Error pages. Titles and messages by error code.
error-request-id = 如需联系支持人员，请提供这个编号：
error-home-link = 返回首页
error-title-not_found = 找不到页面
error-message-not_found = 这个地址没有内容。请检查地址，或从首页重新开始。
error-title-method_not_allowed = 不允许此操作
error-message-method_not_allowed = 这个页面不能这样使用。请返回，并使用页面上的按钮。
error-title-payload_too_large = 文字太多
error-message-payload_too_large = 您发送的内容太长。请缩短后再试。
error-title-bad_request = 表单有问题
error-message-bad_request = 我们无法读取发送的内容。请返回后再试。
error-title-forbidden = 请求被拒绝
error-message-forbidden = 为了保护您的账户，这个请求被拒绝了。如果您是从其他网站的链接过来的，请直接打开 kinlink。
error-title-unauthorized = 请登录
error-message-unauthorized = 您需要登录才能查看这个页面。
error-title-rate_limited = 请慢一点
error-message-rate_limited = 请求太多了。
error-title-service_unavailable = 暂时无法使用
error-message-service_unavailable = 服务正忙或正在维护。请过几分钟再试。
error-title-internal_error = 出了点问题
error-message-internal_error = 我们这边发生了意外错误。您输入的任何内容都没有透露给任何人。

# Navigation for accounts.
nav-account = 我的账户
nav-sign-in = 登录
nav-sign-up = 创建账户
nav-sign-out = 退出

# Limits: how long to wait, said the same way for every account name.
wait-seconds = 请等待 { $n } 秒，然后再试。
wait-minutes = 请等待 { $n } 分钟，然后再试。
wait-hours = 请等待 { $n } 小时，然后再试。
# The banner on every page while matching or a background job is running late.
banner-matching = 匹配出现延迟：目前没有在寻找可能的匹配。您保存的一切都还在，匹配恢复运行后会自动补上。
banner-delayed = 部分后台工作出现延迟：邮件和提醒可能比平时晚到。您保存的一切都还在。
banner-staff = 服务的以下部分已延迟超过 10 分钟。请检查 worker 和 matcher 进程：
banner-part-matcher = 匹配（matcher 进程，或在其队列中等待的记录）
banner-part-recovery = 通过邮件发送的恢复码
banner-part-consent_expiry = 家庭未答复的匹配到期
banner-part-staff_notices = 向个案工作者发送的新候选通知
banner-part-decoy_updates = 诱饵更新邮件
banner-part-retention = 过期登记的提醒、到期和删除
banner-part-outbox = 发送邮件
banner-part-duress_deletions = 用胁迫密码短语登录后安排的删除
banner-part-purge = 清理已用完的限制、会话和验证码
banner-part-features = 重建过时的匹配数据
