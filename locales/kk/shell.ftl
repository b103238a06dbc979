# The page shell: header, navigation, language form, quick exit, footer.
site-name = kinlink
skip-to-content = Мазмұнға өту
quick-exit = Жылдам шығу
nav-label = Басты мәзір
nav-home = Басты бет
nav-safety = Қауіпсіздік
language-label = Тіл:
footer-note = kinlink әрбір жазбаны шифрлап сақтайды және екі отбасына бір-бірі туралы екеуі де келіскенде ғана хабарлайды.

# Error pages. Titles and messages by error code.
error-request-id = Қолдау қызметіне хабарлассаңыз, мына нөмірді айтыңыз:
error-home-link = Басты бетке өту
error-title-not_found = Бет табылмады
error-message-not_found = Бұл мекенжайда ештеңе жоқ. Мекенжайды тексеріңіз немесе басты беттен қайта бастаңыз.
error-title-method_not_allowed = Рұқсат етілмейді
error-message-method_not_allowed = Бұл бетті бұлай пайдалануға болмайды. Артқа қайтып, беттегі түймелерді пайдаланыңыз.
error-title-payload_too_large = Мәтін тым ұзын
error-message-payload_too_large = Жіберген мәтініңіз тым ұзын. Қысқартып, қайталап көріңіз.
error-title-bad_request = Пішінде қате болды
error-message-bad_request = Жіберілген деректерді оқи алмадық. Артқа қайтып, қайталап көріңіз.
error-title-forbidden = Сұрау қабылданбады
error-message-forbidden = Тіркелгіңізді қорғау үшін бұл сұрау қабылданбады. Егер басқа сайттағы сілтеме арқылы келсеңіз, kinlink-ті тікелей ашыңыз.
error-title-unauthorized = Кіріңіз
error-message-unauthorized = Бұл бетті көру үшін кіруіңіз керек.
error-title-rate_limited = Сәл баяулаңыз
error-message-rate_limited = Сұраулар тым көп болды.
error-title-service_unavailable = Уақытша қолжетімсіз
error-message-service_unavailable = Қызмет қазір бос емес немесе техникалық жұмыс жүріп жатыр. Бірнеше минуттан кейін қайталап көріңіз.
error-title-internal_error = Бірдеңе дұрыс болмады
error-message-internal_error = Біз жақта күтпеген қате болды. Сіз енгізген ақпараттың ешқайсысы ешкімге берілген жоқ.

# Navigation for accounts.
nav-account = Менің тіркелгім
nav-sign-in = Кіру
nav-sign-up = Тіркелгі ашу
nav-sign-out = Шығу

# Limits: how long to wait, said the same way for every account name.
wait-seconds = { $n } секунд күтіп, қайталап көріңіз.
wait-minutes = { $n } минут күтіп, қайталап көріңіз.
wait-hours = { $n } сағат күтіп, қайталап көріңіз.
# The banner on every page while matching or a background job is running late.
banner-matching = Сәйкестік іздеу кешігіп жатыр: қазір ықтимал сәйкестіктер ізделмей тұр. Сақтағаныңыздың бәрі орнында, ал сәйкестік іздеу қайта іске қосылғанда өздігінен қуып жетеді.
banner-delayed = Кейбір фондық жұмыстар кешігіп жатыр: хаттар мен еске салулар әдеттегіден кешірек келуі мүмкін. Сақтағаныңыздың бәрі орнында.
banner-staff = Қызметтің мына бөліктері 10 минуттан астам кешігіп тұр. Worker және matcher процестерін тексеріңіз:
banner-part-matcher = Сәйкестік іздеу (matcher процесі немесе оның кезегінде күтіп тұрған жазбалар)
banner-part-recovery = Пошта арқылы қалпына келтіру кодтары
banner-part-consent_expiry = Отбасылар жауап бермеген сәйкестіктердің мерзімінің өтуі
banner-part-staff_notices = Кураторларға жаңа үміткерлер туралы хабарламалар
banner-part-decoy_updates = Жалған жаңарту хаттары
banner-part-retention = Мерзімі өткен анкеталар бойынша еске салу, мерзімнің аяқталуы және жою
banner-part-outbox = Хат жіберу
banner-part-duress_deletions = Мәжбүрлеу кезіндегі кіру жоспарлаған жоюлар
banner-part-purge = Жұмсалған шектерді, сеанстар мен кодтарды тазалау
banner-part-features = Ескірген сәйкестік іздеу деректерін қайта құру
