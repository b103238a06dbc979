# Public pages: home (/) and safety advice (/safety).
# One message per heading or paragraph; the templates add the HTML.

## Home page

home-title = 寻找您的家人
home-lead = kinlink 帮助流亡在外的家庭寻找失去联系的亲人。您的信息加密保存，每一个可能的匹配都由个案工作者核查，只有两个家庭都同意时，他们才会知道彼此。
home-safety-link = 请先阅读：安全须知

home-who-heading = 这个服务为谁而设
home-who-text = kinlink 为生活在海外、与家乡亲人失去联系的维吾尔族、哈萨克族、柯尔克孜族及其他家庭而设。自 2017 年以来，新疆有许多人被拘押、下落不明，而他们在海外的家人往往无法公开询问他们在哪里。
home-who-private = kinlink 不是公开名单。其他家庭、个案工作者以及运营这个服务的人都无法搜索或浏览它。它只能让两个互相寻找、或在寻找同一个人的家庭联系上。

home-how-heading = 如何运作
home-step-register-title = 登记您自己和您要找的人
home-step-register-text = 按照您所知道的方式、用任何文字书写名字：阿拉伯字母的维吾尔文、拉丁字母、西里尔字母、汉字或拼音。一个名字可以添加多种写法。开始时只需要一个名字或小名，以及这个人与您的关系（例如您的哥哥）；其他都是可选的。
home-step-search-title = 服务会寻找可能的匹配
home-step-search-text = 它会跨文字、跨拼写比较名字，并结合出生年份、出生地等信息。它可能找到正在寻找您的人，或在寻找同一个人的其他亲属。可能的匹配只是一种可能。
home-step-review-title = 个案工作者核查每一个可能的匹配
home-step-review-text = 个案工作者就职于帮助海外侨民家庭的合作机构。他们只为核查这个可能的匹配才能看到这两份登记，而且每次打开都会被记录。如果看起来不对，事情就到此为止。
home-step-ask-title = 询问两个家庭
home-step-ask-text = 您会看到您的寻找可能有了匹配，并且只能看到对方家庭选择展示的内容：默认只有他们所说的关系（例如“您的姐妹”）。您可以回答“是”或“否”，也可以先问您的个案工作者。
home-step-share-title = 只有双方都说“是”，才会分享联系方式
home-step-share-text = 两个家庭都同意后，每一方都会看到另一方选择提供的联系方式。也可以是“通过我的个案工作者”。只要有一方说“否”，匹配就此结束，也不会告诉任何人是谁说了“否”。
home-how-quiet = 在核查可能的匹配期间，您的页面不会有任何变化：只显示您的登记有效。这样可以保护各个家庭，防止有人只是为了打探谁在找谁而登记。
home-how-no-promise = kinlink 无法保证能找到任何人。它只能让已经登记的人联系上。

home-need-heading = 您需要什么
home-need-email-title = 不需要电子邮箱
home-need-email-text = 您不需要电子邮箱，也不需要电话号码。如果希望在有更新时收到简短通知，可以添加一个电子邮箱；最好专门为此新建一个。
home-need-account-title = 一个账户名和一个密码短语
home-need-account-text = 服务会给您一个不透露您身份的账户名。您自己选择一个至少 12 个字符的密码短语。几个互不相关的词很容易记住。不要在任何其他地方使用这个密码短语。
home-need-codes-title = 恢复码
home-need-codes-text = 登记时，恢复码只会向您显示一次。请把它们写在纸上，放在安全的地方：如果忘记密码短语，可以用它们重新进入您的账户。
home-need-help-title = 安全的进入方式和帮助
home-need-help-text = kinlink 可以在手机上和 Tor 浏览器中使用，即使关闭 JavaScript 也可以。合作机构的个案工作者可以帮助您登记。

home-safety-heading = 登记之前
home-safety-text = 请阅读 kinlink 如何保护您的信息、它无法防范什么，以及如何安全地使用它。只需要几分钟。

## Safety advice page

safety-title = 安全须知
safety-lead = 请在登记之前阅读。这里说明 kinlink 如何处理您的信息、它无法防范什么，以及如何更安全地使用它。

safety-data-heading = 您的信息会怎样
safety-data-encrypted = 您输入的一切都加密保存。偷走我们数据库或备份副本的人，无法读到您写的内容。
safety-data-no-search = 任何人都无法搜索或浏览登记库：其他家庭不能，个案工作者不能，运营服务的人也不能。网站从不回答“这个人登记了吗？”这个问题。
safety-data-caseworkers = 个案工作者只有在核查分配给他们、且涉及您的可能匹配时，才能看到您的登记。他们每次打开，都会连同原因一起被记录。
safety-data-consent = 只有双方都说“是”，您的联系方式才会交给对方家庭。在此之前，他们只能看到您选择展示的内容；默认只有您所说的关系。只要有一方说“否”，匹配就此结束，也不会告诉任何人是谁说了“否”。
safety-data-no-selling = 我们绝不出售您的信息，除本网站所述的步骤外，也不会把它交给任何人。
safety-data-no-logs = 我们的日志不保存您的 IP 地址，也不保存您的浏览器或设备信息。
safety-data-export-delete = 您随时可以下载您输入的全部内容的副本，或一次性删除全部内容。被删除的信息会连同保护它的密钥一起销毁；我们备份中的副本会在几周内变得无法读取。
safety-data-retention = 如果您两年没有登录，您的登记将停止参与匹配，一个月后被销毁。您可以选择其他期限。如果您留了电子邮箱，会提前一个月收到提醒。

safety-limits-heading = kinlink 无法防范的事
safety-limits-server = 可能的匹配是在我们的服务器上找到的，所以能读取记录的密钥就在服务器上。如果攻击者控制了正在运行的服务器，他们就可能读取记录。我们把密钥分开保管，限制谁能看到什么，并记录每一次访问，但我们无法承诺更多。
safety-limits-relatives = 家乡的亲人可能受到施压：被迫回答问题、联系您，或冒充别人来登记。请想一想您输入了什么，以及这可能暴露家乡亲人的哪些情况。只输入找到这个人所需要的信息。
safety-limits-fake = 有人可能会登记并冒充家人，以打探谁在找谁。个案工作者会核查每一个可能的匹配，但他们也可能出错。只提供即使落入坏人手里也安全的联系方式，或选择“通过我的个案工作者”。
safety-limits-device = 如果手机或电脑别人也能打开，或者电子邮箱别人也能读，我们就无法保护它们。

safety-use-heading = 如何安全地使用 kinlink
safety-tor-title = 使用 Tor 浏览器
safety-tor-text = Tor 浏览器会向我们隐藏您从哪里连接，也会向监视您网络连接的人隐藏您访问了哪些网站。在 Tor 浏览器关闭 JavaScript 的“最安全”（Safest）安全级别下，kinlink 仍可完整使用。如果 Tor 浏览器在地址栏显示“.onion available”，请选择它。
safety-tor-link = 从 torproject.org 下载 Tor 浏览器
safety-email-title = 使用单独的电子邮箱，或者不用
safety-email-text = 电子邮箱是可选的。如果想收到通知，请在中国境外的邮件服务商（不要用 QQ、163 之类）新建一个只用于 kinlink 的邮箱。或者不留邮箱，时常登录查看。
safety-device-title = 使用只有您能打开的设备和账户
safety-device-text = 用 PIN 码或密码保护您的手机或电脑，不要在公用电脑上使用 kinlink。用完后请退出。如果设备丢失或被拿走，请在另一台设备上登录，选择“在所有设备上退出”。
safety-exit-title = 快速离开
safety-exit-text = 每个页面顶部的“快速离开”按钮会立即离开 kinlink，并打开一个天气网站。它不会清除您的浏览记录。Tor 浏览器关闭时会忘记一切；在其他浏览器中，请使用无痕窗口，用完后关闭。
safety-passphrase-title = 一个不在别处使用的密码短语
safety-passphrase-text = 不要重复使用任何其他网站或应用的密码或密码短语，也绝不要告诉任何人。至少使用 12 个字符；几个互不相关的词您容易记住，别人却很难猜到。
safety-codes-title = 妥善保管您的恢复码
safety-codes-text = 恢复码只在您登记时显示一次。请把它们写在纸上，放在别人找不到的地方，不要放在同一部手机里。如果忘记密码短语，可以用恢复码或已验证的电子邮箱重新进入。两者都没有的话，任何人都无法再打开这个账户，包括我们：您需要重新登记（个案工作者可以帮您登记）。
safety-impostors-title = 小心任何自称来自 kinlink 的人
safety-impostors-text = 我们和个案工作者都绝不会通过电子邮件、电话或聊天软件索要您的密码短语或恢复码。我们的通知里没有链接；唯一带验证码的邮件，是您自己申请的密码短语重置邮件。如有疑问，请不要回复：自己打开 kinlink 并登录。

safety-mail-heading = 我们的邮件是什么样的
safety-mail-intro = 如果您留了电子邮箱，我们只会发送像下面这样的简短通知。通知和发件人名称都不会提到 kinlink，通知里也没有名字和链接。
safety-mail-caption = 通知示例
safety-mail-subject-label = 主题：
safety-mail-subject = 更新
safety-mail-body = 有一条更新。请登录查看。
safety-mail-not-match = 不是每封邮件都意味着有匹配。我们也会随机向所有留了邮箱的人发送同样的“有一条更新”邮件，而且每封这样的邮件都会随机延迟发出，所以读您邮件的人无法从中判断是否发生了什么。
safety-mail-action = 收到这样的邮件时，请不要回复。请自己打开 kinlink，尽可能用 Tor 浏览器，然后登录。

safety-help-heading = 如果感觉不对
safety-help-text = 如果某条消息让您意外、某个可能的匹配让您担心，或您的家人正受到施压，请在回答或做任何决定之前，先与您信任的机构的个案工作者谈一谈。当您被问到某个可能的匹配时，除了“是”或“否”，您也可以选择“询问我的个案工作者”。
