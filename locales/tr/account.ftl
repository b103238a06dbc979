# Account pages: sign up, sign in, recovery, settings, staff second factor, invitations.

field-passphrase = Parola cümlesi
field-passphrase-again = Aynı parola cümlesi tekrar
field-new-passphrase = Yeni parola cümlesi
field-current-passphrase = Şu anki parola cümlesi
field-duress-passphrase = Zor durum parola cümlesi
field-email = E-posta adresi
field-email-optional = E-posta adresi (isteğe bağlı)
field-login = Hesap adı ya da e-posta
field-totp = Doğrulama uygulamanızdaki kod
field-totp-help = Uygulamanın şu anda gösterdiği altı rakam. Yalnızca ikinci doğrulama adımınızı henüz kurmadıysanız boş bırakın.
field-totp-code = Altı haneli kod
field-recovery-code = Kurtarma kodu
field-email-code = E-postadaki kod
field-invite-code = Davet kodu
field-role = Rol
field-organization = Kuruluş
field-organization-name = Kuruluşun adı

passphrase-help = En az 12 karakter. Birbiriyle ilgisiz birkaç kelimeyi hatırlamak kolay, tahmin etmek zordur. Yaygın parolalar kabul edilmez.
email-help = İsteğe bağlı. Yalnızca sizin okuduğunuz, tercihen yalnızca bunun için açılmış bir adres kullanın. Bu adrese yalnızca içinde isim geçmeyen kısa mesajlar göndeririz.

signup-title = Hesap oluşturun
signup-lead = Adınızı ya da e-postanızı vermeniz gerekmez. Hesap adınızı biz oluşturacağız.
signup-submit = Hesabımı oluştur
signup-have-account = Zaten bir hesabınız var mı?

created-title = Hesabınız hazır
created-lead = Hesap adınızı bir yere yazın. Giriş yapmak için ona ihtiyacınız var ve biz onu sizin için bulamayız.
created-handle = Hesap adınız:
created-codes = Kurtarma kodlarınız
created-codes-help = Parola cümlenizi unutursanız bu kodlardan biriyle yenisini belirleyebilirsiniz. Her kod bir kez çalışır. Onları bu cihazdan uzakta, güvenli ve kimsenin görmeyeceği bir yerde saklayın.
created-print-help = Kâğıt üzerinde bir kopya saklamak için bu sayfayı tarayıcınızın menüsünden yazdırın ya da kodları elle yazın. Kâğıdı başkalarının bulamayacağı bir yerde saklayın.
created-print = Bu sayfayı yazdır
created-once = Bunlar yalnızca bu kez gösterilir.
created-continue = Hesabıma devam et

signin-title = Giriş yap
signin-submit = Giriş yap
signin-forgot = Parola cümlenizi mi unuttunuz?
signin-no-account = Henüz hesabınız yok mu?

recover-title = Yeni bir parola cümlesi belirleyin
recover-with-code = Kurtarma koduyla
recover-submit = Yeni parola cümlesini belirle
recover-by-email = E-posta adresinizle
recover-by-email-help = Hesabınızda doğrulanmış bir e-posta adresi varsa ona bir kod gönderebiliriz.
recover-send-code = Bana bir kod gönder

account-title = Hesabım
account-handle = Hesap adı
account-recovery-left = Kalan kurtarma kodları
account-staff-second-factor = Personel hesapları başka bir şey yapmadan önce ikinci bir doğrulama adımı kurmalıdır.
account-passphrase = Parola cümlesini değiştir
account-passphrase-help = Değiştirdiğinizde diğer bütün cihazlarda oturumunuz kapanır.
account-passphrase-submit = Parola cümlesini değiştir
account-email = E-posta adresi
account-email-none = E-posta adresi yok. Sorun değil: hesabınızı bir kurtarma koduyla kurtarabilirsiniz.
account-email-verified = Doğrulandı. Bu adresle giriş yapabilir ve hesabınızı kurtarabilirsiniz.
account-email-unverified = Henüz doğrulanmadı. Bu adrese gönderdiğimiz kodu girin.
account-email-verify = Doğrula
account-email-remove = E-posta adresini kaldır
account-email-set = Kaydet ve kod gönder
account-sessions = Nerelerde giriş yaptınız
account-session-created = Giriş
account-session-seen = Son etkinlik
account-session-this = Bu cihaz
account-sign-out-everywhere = Her yerden çıkış yap
account-sign-out-everywhere-help = Bir cihaz kaybolduysa ya da elinizden alındıysa, bu, bu oturum dahil bütün oturumları kapatır.
account-duress = Zor durum parola cümlesi
account-duress-help = Biri sizi giriş yapmaya zorlarsa bunun yerine bu ikinci parola cümlesini kullanın. Gerçek gibi görünen boş bir hesap açar; gerçek hesabınız ise siz daha önce gerçek parola cümlenizle giriş yapmazsanız birkaç gün sonra silinir.
account-duress-is-set = Bir zor durum parola cümlesi belirlendi.
account-duress-empty-removes = Zor durum parola cümlesini kaldırmak için boş bırakın.
account-duress-submit = Kaydet

totp-title = İkinci doğrulama adımı
totp-lead = Personel hesapları her girişte bir doğrulama uygulamasından (örneğin Aegis, FreeOTP ya da Google Authenticator) bir kod girmelidir.
totp-start = İkinci doğrulama adımını kur
totp-step-scan = Bu kodu doğrulama uygulamanızla tarayın.
totp-step-manual = Ya da bu anahtarı uygulamaya yazın:
totp-step-code = Uygulamanın gösterdiği altı haneli kodu girin.
totp-confirm = Onayla
totp-already = İkinci doğrulama adımınız kurulu.

invites-title = Davetler
invites-create = Davet oluştur
invites-new-code = Yeni davet kodu:
invites-new-code-help = Kodu kişiye güvenli bir yolla verin. Bir kez çalışır ve yedi gün içinde geçersiz olur. Bir daha gösterilmez.
invites-no-organization = Kuruluş yok
invites-mine = Oluşturduğunuz davetler
invites-none = Henüz yok.
invites-expires = Son geçerlilik
invites-state = Durum
invites-used = Kullanıldı
invites-open = Açık
orgs-title = Kuruluşlar
orgs-create = Kuruluş ekle

accept-title = Personel olarak katılın
accept-lead = Size verilen davet kodunu girin ve bir parola cümlesi seçin.
accept-submit = Personel hesabımı oluştur

role-org_admin = Kuruluş yöneticisi
role-caseworker = Vaka görevlisi
role-admin = İşletmeci
role-auditor = Denetçi
role-registrant = Kayıtlı kişi

notice-recovered = Yeni parola cümleniz belirlendi. Lütfen giriş yapın.
notice-passphrase = Parola cümleniz değişti. Diğer cihazlarda oturum kapatıldı.
notice-email-sent = Bu adrese bir kod gönderdik. Kodu aşağıya girin.
notice-email-verified = E-posta adresiniz doğrulandı.
notice-email-removed = E-posta adresiniz kaldırıldı.
notice-duress = Kaydedildi.
notice-second-factor = İkinci doğrulama adımınız kuruldu.
notice-organization = Kuruluş eklendi.
notice-signed-out = Çıkış yaptınız.
notice-recovery-email = Bu hesabın doğrulanmış bir e-posta adresi varsa bir kod yolda. Kodu yeni parola cümlenizle birlikte aşağıya girin.

form-error-invalid_credentials = Hesap adı ya da parola cümlesi doğru değil. Hesap adını kontrol edin, sonra parola cümlesini yavaşça yeniden yazın.
form-error-passphrase_too_short = Parola cümlesi çok kısa: en az 12 karakter kullanın.
form-error-passphrase_too_long = Parola cümlesi çok uzun.
form-error-passphrase_breached = Bu parola cümlesi çok yaygın: çalınmış parola listelerinde geçiyor. Lütfen başka bir tane seçin.
form-error-passphrase_mismatch = İki parola cümlesi aynı değil.
form-error-invalid_email = Bu bir e-posta adresine benzemiyor.
form-error-totp_required = Doğrulama uygulamanızdaki kodu girin.
form-error-wrong_passphrase = Şu anki parola cümlesi doğru değil.
form-error-invalid_code = Kod doğru değil ya da süresi doldu.
form-error-invalid_recovery = Hesap adı ya da kod doğru değil.
form-error-duress_same_as_passphrase = Zor durum parola cümlesi, parola cümlenizden farklı olmalı.
form-error-role_not_allowed = Bu rol için davet oluşturamazsınız.
form-error-organization_required = Yeni kuruluş yöneticisinin bağlı olduğu kuruluşu seçin.
form-error-invalid_name = En fazla 200 karakterlik bir ad verin.
form-error-invite = Bu davet kodu geçerli değil, daha önce kullanılmış ya da süresi dolmuş.
form-error-limited = Az önce çok sayıda deneme yapıldı.
form-error-signin-limited = Bu deneme kontrol edilmedi, yani parola cümleniz pekâlâ doğru olabilir: birkaç yanlış denemeden sonra her hesap adı bir sonraki deneme için biraz bekler.
form-error-signup-limited = Az önce çok sayıda yeni hesap oluşturuldu, bu yüzden yeni hesaplar biraz bekliyor. Hiçbir şey kaydedilmedi.
form-error-recover-limited = Az önce bu hesap adıyla ya da ağınızdan birkaç kurtarma denemesi yapıldı. Hiçbir şey değiştirilmedi.
form-error-email_unavailable = Bu hizmet e-posta göndermiyor, bu yüzden bir adres doğrulanamaz. Boş bırakın.

# Approval codes for a PFIF export or import (organization admins).
approvals-title = Bir PFIF dışa aktarımını ya da içe aktarımını onaylayın
approvals-intro = Bir onay kodu, bir işletmecinin kuruluşunuzun yardımla yapılan kayıtlarını PFIF biçiminde (Person Finder ve benzeri kayıt sistemlerinin okuduğu biçim) bir kez dışa ya da bir kez içe aktarmasını sağlar. Yalnızca bir kez çalışır ve 30 dakika içinde süresi dolar. Dışa aktarılan dosyada adlar, doğum tarihleri, yerler ve notlar şifrelenmemiş olarak bulunur: yalnızca kuruluşunuzun karar verdiği bir dışa aktarımı onaylayın.
approvals-link = Bir PFIF dışa aktarımını ya da içe aktarımını onaylayın
field-purpose = Neye izin veriyor
approvals-purpose-pfif_export = Bir PFIF dışa aktarımı
approvals-purpose-pfif_import = Bir PFIF içe aktarımı
approvals-create = Onay kodu oluştur
approvals-new-code = Yeni onay kodu:
approvals-new-code-help = Kodu işletmeciye güvenli bir yolla iletin. Yalnızca bir kez ve yalnızca bu kuruluş için çalışır, 30 dakika içinde süresi dolar. Bir daha gösterilmez.
approvals-mine = Verdiğiniz onaylar
approvals-none = Henüz yok.
approvals-expires = Süresinin dolacağı zaman
approvals-state = Durum
approvals-used = Kullanıldı
approvals-open = Kullanılmadı

# The staff sign-in page; the registrants' page has no code field.
staff-signin-title = Personel girişi
staff-signin-lead = Vaka görevlileri ve ortak kuruluşların diğer personeli için: hesap adınız, parola cümleniz ve doğrulama uygulamanızdaki kod.
staff-signin-not-staff = Personel değil misiniz? Olağan girişi kullanın.
signin-staff-link = Ortak kuruluş personeli buradan giriş yapar.
