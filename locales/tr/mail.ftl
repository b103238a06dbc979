# Emails. No service name, no names, no links: anyone may read them.
mail-update-subject = Güncelleme
mail-update-body =
    Bir güncelleme var. Lütfen giriş yapın.
mail-verify-code-subject = Kodunuz
mail-verify-code-body =
    Kodunuz { $code }. 15 dakika geçerlidir.
    Bu kodu siz istemediyseniz bu mesajı dikkate almayın.
mail-recovery-code-subject = Kodunuz
mail-recovery-code-body =
    Kodunuz { $code }. 15 dakika geçerlidir.
    Bu kodu siz istemediyseniz bu mesajı dikkate almayın; kod olmadan hiçbir şey değişmez.
