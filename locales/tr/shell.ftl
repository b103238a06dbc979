# The page shell: header, navigation, language form, quick exit, footer.
site-name = kinlink
skip-to-content = İçeriğe geç
quick-exit = Hızlı çıkış
nav-label = Ana menü
nav-home = Ana sayfa
nav-safety = Güvende kalmak
language-label = Dil:
footer-note = kinlink her kaydı şifreli tutar ve iki aileye birbirlerini ancak ikisi de kabul ettiğinde bildirir.

# Error pages. Titles and messages by error code.
error-request-id = Destek için bize yazarsanız bu referansı verin:
error-home-link = Ana sayfaya git
error-title-not_found = Sayfa bulunamadı
error-message-not_found = Bu adreste hiçbir şey yok. Adresi kontrol edin ya da ana sayfadan yeniden başlayın.
error-title-method_not_allowed = İzin verilmiyor
error-message-method_not_allowed = Bu sayfa bu şekilde kullanılamaz. Lütfen geri dönün ve sayfadaki düğmeleri kullanın.
error-title-payload_too_large = Metin çok uzun
error-message-payload_too_large = Gönderdiğiniz metin çok uzun. Lütfen kısaltıp yeniden deneyin.
error-title-bad_request = Formda bir sorun vardı
error-message-bad_request = Gönderilen bilgileri okuyamadık. Lütfen geri dönüp yeniden deneyin.
error-title-forbidden = İstek reddedildi
error-message-forbidden = Hesabınızı korumak için bu istek reddedildi. Başka bir siteden bir bağlantıya tıklayarak geldiyseniz, kinlink’i doğrudan açın.
error-title-unauthorized = Lütfen giriş yapın
error-message-unauthorized = Bu sayfayı görmek için giriş yapmanız gerekiyor.
error-title-rate_limited = Lütfen biraz yavaşlayın
error-message-rate_limited = Çok fazla istek geldi.
error-title-service_unavailable = Geçici olarak kullanılamıyor
error-message-service_unavailable = Hizmet şu anda yoğun ya da bakımda. Lütfen birkaç dakika sonra yeniden deneyin.
error-title-internal_error = Bir şeyler ters gitti
error-message-internal_error = Bizim tarafımızda beklenmedik bir hata oldu. Girdiğiniz hiçbir bilgi kimseyle paylaşılmadı.

# Navigation for accounts.
nav-account = Hesabım
nav-sign-in = Giriş yap
nav-sign-up = Hesap oluştur
nav-sign-out = Çıkış yap

# Limits: how long to wait, said the same way for every account name.
wait-seconds = Lütfen { $n } saniye bekleyin, sonra yeniden deneyin.
wait-minutes = Lütfen { $n } dakika bekleyin, sonra yeniden deneyin.
wait-hours = Lütfen { $n } saat bekleyin, sonra yeniden deneyin.
# The banner on every page while matching or a background job is running late.
banner-matching = Eşleştirme gecikiyor: şu anda olası eşleşmeler aranmıyor. Kaydettiğiniz her şey saklanıyor; eşleştirme yeniden çalıştığında geri kalanı kendiliğinden yetiştirir.
banner-delayed = Bazı arka plan işleri gecikiyor: e-postalar ve hatırlatmalar her zamankinden geç gelebilir. Kaydettiğiniz her şey saklanıyor.
banner-staff = Hizmetin şu bölümleri 10 dakikadan fazla gecikmede. Worker ve matcher süreçlerini kontrol edin:
banner-part-matcher = Eşleştirme (matcher süreci ya da kuyruğunda bekleyen kayıtlar)
banner-part-recovery = E-postayla kurtarma kodları
banner-part-consent_expiry = Ailelerin yanıtlamadığı eşleşmelerin süresinin dolması
banner-part-staff_notices = Vaka görevlilerine yeni adaylarla ilgili bildirimler
banner-part-decoy_updates = Sahte güncelleme e-postaları
banner-part-retention = Süresi geçen kayıtlar için hatırlatmalar, sürenin dolması ve silme
banner-part-outbox = E-posta gönderimi
banner-part-duress_deletions = Zor durum girişiyle planlanan silmeler
banner-part-purge = Kullanılmış sınırların, oturumların ve kodların temizlenmesi
banner-part-features = Güncelliğini yitirmiş eşleştirme verilerinin yeniden oluşturulması
