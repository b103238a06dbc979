# The page shell: header, navigation, language form, quick exit, footer.
# bet qëpi: bet bëshi, yol bashlash, til tallash, tëz chiqish, bet asti.
site-name = kinlink
skip-to-content = Mezmungha ötüsh
quick-exit = Tëz chiqish
nav-label = Asasiy tizimlik
nav-home = Bash bet
nav-safety = Bixeterlik
language-label = Til:
footer-note = kinlink her bir xatirini shifirlap saqlaydu we ikki a'ilige bir-biri toghruluq peqet ikkilisi razi bolghandila xewer bëridu.

# Error pages. Titles and messages by error code.
# xataliq betliri. xataliq kodi boyiche mawzu we uchurlar.
error-request-id = Yardem sorap alaqilashsingiz, bu nomurni ëyting:
error-home-link = Bash betke qaytish
error-title-not_found = Bet tëpilmidi
error-message-not_found = Bu adrësta hëchnëme yoq. Adrësni tekshürüng yaki bash bettin qayta bashlang.
error-title-method_not_allowed = Ruxset qilinmaydu
error-message-method_not_allowed = Bu betni bundaq ishletkili bolmaydu. Arqigha qaytip, bettiki kunupkilarni ishliting.
error-title-payload_too_large = Tëkist bek uzun
error-message-payload_too_large = Siz ewetken mezmun bek uzun. Uni qisqartip qayta sinang.
error-title-bad_request = Jedwelde mesile bar
error-message-bad_request = Ewetilgen mezmunni oquyalmiduq. Arqigha qaytip qayta sinang.
error-title-forbidden = Telep ret qilindi
error-message-forbidden = Hësabatingizni qoghdash üchün bu telep ret qilindi. Eger bashqa tor bëkettiki ulanmini bësip kelgen bolsingiz, kinlink tor bëkitini biwasite ëching.
error-title-unauthorized = Hësabatingizgha kiring
error-message-unauthorized = Bu betni körüsh üchün hësabatingizgha kirishingiz kërek.
error-title-rate_limited = Sel saqlang
error-message-rate_limited = Telepler bek köp bolup ketti.
error-title-service_unavailable = Waqitliq ishletkili bolmaydu
error-message-service_unavailable = Mulazimet hazir aldirash yaki asrash ëlip bëriliwatidu. Bir nechche minuttin këyin qayta sinang.
error-title-internal_error = Xataliq körüldi
error-message-internal_error = Biz terepte kütülmigen xataliq yüz berdi. Siz kirgüzgen hëchqandaq uchur hëchkimge bërilmidi.

# Navigation for accounts.
# hësabat yol bashlishi.
nav-account = Hësabatim
nav-sign-in = Kirish
nav-sign-up = Hësabat ëchish
nav-sign-out = Chëkinish

# Limits: how long to wait, said the same way for every account name.
# cheklime: qanchilik saqlash kërekliki, her qandaq hësabat nami üchün oxshash ëytilidu.
wait-seconds = { $n } sëkunt saqlap, andin qayta sinang.
wait-minutes = { $n } minut saqlap, andin qayta sinang.
wait-hours = { $n } sa'et saqlap, andin qayta sinang.
# The banner on every page while matching or a background job is running late.
# mas këlish izdesh yaki arqa supa ishliri këchikkende her bette körünidighan agahlandurush.
banner-matching = Mas këlish izdesh këchikiwatidu: hazir mumkin bolghan mas këlishler izdelmeywatidu. Siz saqlighan hemme nerse saqlinip turidu, mas këlish izdesh qayta ishligende özlükidin yëtishiwalidu.
banner-delayed = Bezi arqa supa ishliri këchikiwatidu: ëlxet we eskertmiler adettikidin këyinrek këlishi mumkin. Siz saqlighan hemme nerse saqlinip turidu.
banner-staff = Mulazimetning töwendiki qisimliri 10 minuttin artuq këchikti. Arqa supa we mas këlish izdesh jeryanlirini tekshürüng:
banner-part-matcher = Mas këlish izdesh (maslashturghuch jeryani yaki uning öchirikide saqlawatqan xatiriler)
banner-part-recovery = Ëlxet arqiliq eslige keltürüsh kodliri
banner-part-consent_expiry = A'ililer jawab bermigen mas këlishlerning waqti ötüshi
banner-part-staff_notices = Ish bëjirgüchi xadimlargha yëngi namzatlar toghrisidiki uqturush
banner-part-decoy_updates = Saxta yëngilinish ëlxetliri
banner-part-retention = Mudditi ötken tizimlitishlerning eskertmisi, waqti ötüshi we öchürülüshi
banner-part-outbox = Ëlxet yollash
banner-part-duress_deletions = Mejburiy kirish pilanlighan öchürüshler
banner-part-purge = Ishlitilip bolghan cheklime, kirish we kodlarni tazilash
banner-part-features = Konirap qalghan mas këlish sanliq melumatlirini qayta qurush
