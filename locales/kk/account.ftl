# Account pages: sign up, sign in, recovery, settings, staff second factor, invitations.

field-passphrase = Құпия сөз тіркесі
field-passphrase-again = Сол құпия сөз тіркесін қайталаңыз
field-new-passphrase = Жаңа құпия сөз тіркесі
field-current-passphrase = Қазіргі құпия сөз тіркесі
field-duress-passphrase = Мәжбүрлеуге арналған құпия сөз тіркесі
field-email = Электрондық пошта мекенжайы
field-email-optional = Электрондық пошта мекенжайы (міндетті емес)
field-login = Тіркелгі аты немесе пошта мекенжайы
field-totp = Аутентификатор қолданбасындағы код
field-totp-help = Қолданба дәл қазір көрсетіп тұрған алты сан. Екінші факторды әлі баптамаған болсаңыз ғана бос қалдырыңыз.
field-totp-code = Алты таңбалы код
field-recovery-code = Қалпына келтіру коды
field-email-code = Хаттағы код
field-invite-code = Шақыру коды
field-role = Рөл
field-organization = Ұйым
field-organization-name = Ұйымның атауы

passphrase-help = Кемінде 12 таңба. Бір-бірімен байланысы жоқ бірнеше сөзді есте сақтау оңай, ал табу қиын. Жиі кездесетін құпия сөздер қабылданбайды.
email-help = Міндетті емес. Тек өзіңіз оқитын, ең жақсысы осы үшін ғана ашылған мекенжайды пайдаланыңыз. Біз оған ішінде есім жоқ қысқа хабарламалар ғана жібереміз.

signup-title = Тіркелгі ашу
signup-lead = Атыңызды немесе пошта мекенжайыңызды берудің қажеті жоқ. Тіркелгі атын біз өзіміз жасаймыз.
signup-submit = Тіркелгімді ашу
signup-have-account = Тіркелгіңіз бар ма?

created-title = Тіркелгіңіз дайын
created-lead = Тіркелгі атыңызды жазып алыңыз. Ол кіру үшін керек, ал біз оны сіз үшін таба алмаймыз.
created-handle = Тіркелгі атыңыз:
created-codes = Қалпына келтіру кодтарыңыз
created-codes-help = Құпия сөз тіркесін ұмытсаңыз, осы кодтардың бірімен жаңасын орнатуға болады. Әр код бір рет жұмыс істейді. Оларды осы құрылғыдан алыс, қауіпсіз әрі жасырын жерде сақтаңыз.
created-print-help = Қағаз көшірмесін сақтау үшін бұл бетті браузер мәзірінен басып шығарыңыз немесе кодтарды қолмен көшіріп алыңыз. Қағазды басқалар таба алмайтын жерде сақтаңыз.
created-print = Бұл бетті басып шығару
created-once = Олар тек осы жолы ғана көрсетіледі.
created-continue = Тіркелгіме өту

signin-title = Кіру
signin-submit = Кіру
signin-forgot = Құпия сөз тіркесін ұмыттыңыз ба?
signin-no-account = Әлі тіркелгіңіз жоқ па?

recover-title = Жаңа құпия сөз тіркесін орнату
recover-with-code = Қалпына келтіру кодымен
recover-submit = Жаңа құпия сөз тіркесін орнату
recover-by-email = Пошта мекенжайыңыз арқылы
recover-by-email-help = Егер тіркелгіңізде расталған пошта мекенжайы болса, біз оған код жібере аламыз.
recover-send-code = Маған код жіберу

account-title = Менің тіркелгім
account-handle = Тіркелгі аты
account-recovery-left = Қалған қалпына келтіру кодтары
account-staff-second-factor = Қызметкерлердің тіркелгілері басқа бір нәрсе істемес бұрын екінші факторды баптауы керек.
account-passphrase = Құпия сөз тіркесін өзгерту
account-passphrase-help = Өзгерткенде сіз басқа барлық құрылғылардан шығасыз.
account-passphrase-submit = Құпия сөз тіркесін өзгерту
account-email = Электрондық пошта мекенжайы
account-email-none = Пошта мекенжайы жоқ. Бұл қалыпты: тіркелгіңізді қалпына келтіру кодымен қалпына келтіре аласыз.
account-email-verified = Расталған. Онымен кіруге және тіркелгіңізді қалпына келтіруге болады.
account-email-unverified = Әлі расталмаған. Біз жіберген кодты енгізіңіз.
account-email-verify = Растау
account-email-remove = Пошта мекенжайын жою
account-email-set = Сақтау және код жіберу
account-sessions = Сіз кірген жерлер
account-session-created = Кірген уақыты
account-session-seen = Соңғы белсенділік
account-session-this = Осы құрылғы
account-sign-out-everywhere = Барлық жерден шығу
account-sign-out-everywhere-help = Құрылғы жоғалса немесе тартып алынса, бұл барлық сеанстарды, соның ішінде осы сеансты да аяқтайды.
account-duress = Мәжбүрлеуге арналған құпия сөз тіркесі
account-duress-help = Егер біреу сізді кіруге мәжбүрлесе, оның орнына осы екінші құпия сөз тіркесін пайдаланыңыз. Ол шынайы көрінетін бос тіркелгіні ашады, ал шын тіркелгіңіз бірнеше күннен кейін жойылады, егер сіз оған дейін шын құпия сөз тіркесіңізбен кірмесеңіз.
account-duress-is-set = Мәжбүрлеуге арналған құпия сөз тіркесі орнатылған.
account-duress-empty-removes = Мәжбүрлеуге арналған құпия сөз тіркесін жою үшін бос қалдырыңыз.
account-duress-submit = Сақтау

totp-title = Екінші фактор
totp-lead = Қызметкерлердің тіркелгілеріне әр кірген сайын аутентификатор қолданбасынан (мысалы, Aegis, FreeOTP немесе Google Authenticator) код қажет.
totp-start = Екінші факторды баптау
totp-step-scan = Бұл кодты аутентификатор қолданбаңызбен сканерлеңіз.
totp-step-manual = Немесе мына кілтті қолданбаға енгізіңіз:
totp-step-code = Қолданба көрсеткен алты таңбалы кодты енгізіңіз.
totp-confirm = Растау
totp-already = Екінші факторыңыз бапталған.

invites-title = Шақырулар
invites-create = Шақыру жасау
invites-new-code = Жаңа шақыру коды:
invites-new-code-help = Оны адамға қауіпсіз жолмен беріңіз. Ол бір рет жұмыс істейді және жеті күннен кейін мерзімі өтеді. Ол қайта көрсетілмейді.
invites-no-organization = Ұйымсыз
invites-mine = Сіз жасаған шақырулар
invites-none = Әзірге жоқ.
invites-expires = Мерзімі өтеді
invites-state = Күйі
invites-used = Пайдаланылды
invites-open = Ашық
orgs-title = Ұйымдар
orgs-create = Ұйым қосу

accept-title = Қызметкер ретінде қосылу
accept-lead = Сізге берілген шақыру кодын енгізіп, құпия сөз тіркесін таңдаңыз.
accept-submit = Қызметкер тіркелгімді ашу

role-org_admin = Ұйым әкімшісі
role-caseworker = Куратор
role-admin = Оператор
role-auditor = Аудитор
role-registrant = Тіркелуші

notice-recovered = Жаңа құпия сөз тіркесіңіз орнатылды. Кіріңіз.
notice-passphrase = Құпия сөз тіркесіңіз өзгертілді. Басқа құрылғылардан шығарылдыңыз.
notice-email-sent = Біз осы мекенжайға код жібердік. Оны төменге енгізіңіз.
notice-email-verified = Пошта мекенжайыңыз расталды.
notice-email-removed = Пошта мекенжайыңыз жойылды.
notice-duress = Сақталды.
notice-second-factor = Екінші факторыңыз бапталды.
notice-organization = Ұйым қосылды.
notice-signed-out = Сіз шықтыңыз.
notice-recovery-email = Егер бұл тіркелгінің расталған пошта мекенжайы болса, код жолда. Оны жаңа құпия сөз тіркесімен бірге төменге енгізіңіз.

form-error-invalid_credentials = Тіркелгі аты немесе құпия сөз тіркесі дұрыс емес. Тіркелгі атын тексеріп, құпия сөз тіркесін қайтадан асықпай теріңіз.
form-error-passphrase_too_short = Құпия сөз тіркесі тым қысқа: кемінде 12 таңба пайдаланыңыз.
form-error-passphrase_too_long = Құпия сөз тіркесі тым ұзын.
form-error-passphrase_breached = Бұл құпия сөз тіркесі тым жиі кездеседі: ол ұрланған құпия сөздердің тізімдерінде бар. Басқасын таңдаңыз.
form-error-passphrase_mismatch = Екі құпия сөз тіркесі бірдей емес.
form-error-invalid_email = Бұл электрондық пошта мекенжайына ұқсамайды.
form-error-totp_required = Аутентификатор қолданбасындағы кодты енгізіңіз.
form-error-wrong_passphrase = Қазіргі құпия сөз тіркесі дұрыс емес.
form-error-invalid_code = Код дұрыс емес немесе мерзімі өтіп кеткен.
form-error-invalid_recovery = Тіркелгі аты немесе код дұрыс емес.
form-error-duress_same_as_passphrase = Мәжбүрлеуге арналған құпия сөз тіркесі негізгі құпия сөз тіркесіңізден өзгеше болуы керек.
form-error-role_not_allowed = Бұл рөлге шақыра алмайсыз.
form-error-organization_required = Жаңа ұйым әкімшісі жататын ұйымды таңдаңыз.
form-error-invalid_name = Ең көбі 200 таңбадан тұратын атау беріңіз.
form-error-invite = Бұл шақыру коды жарамсыз, бұрын пайдаланылған немесе мерзімі өтіп кеткен.
form-error-limited = Жаңа ғана тым көп әрекет жасалды.
form-error-signin-limited = Бұл әрекет тексерілмеді, сондықтан құпия сөз тіркесіңіз дұрыс болуы әбден мүмкін: бірнеше қате әрекеттен кейін әр тіркелгі аты келесі әрекет алдында аздап күтеді.
form-error-signup-limited = Жаңа ғана көп жаңа тіркелгі ашылды, сондықтан жаңалары аздап күтеді. Ештеңе сақталған жоқ.
form-error-recover-limited = Жаңа ғана осы тіркелгі атымен немесе сіздің желіңізден бірнеше қалпына келтіру әрекеті жасалды. Ештеңе өзгертілген жоқ.
form-error-email_unavailable = Бұл қызмет пошта жібермейді, сондықтан мекенжайды растау мүмкін емес. Бос қалдырыңыз.

# Approval codes for a PFIF export or import (organization admins).
approvals-title = PFIF экспортына немесе импортына рұқсат беру
approvals-intro = Рұқсат коды операторға ұйымыңыздың көмегімен толтырылған анкеталарды PFIF пішімінде (оны Person Finder және соған ұқсас тізілімдер оқиды) бір рет экспорттауға немесе бір рет импорттауға мүмкіндік береді. Ол бір-ақ рет жұмыс істейді және 30 минуттан кейін күшін жояды. Экспортталған файлда есімдер, туған күндер, жерлер мен жазбалар шифрланбаған күйде болады: тек ұйымыңыз шешім қабылдаған экспортқа ғана рұқсат беріңіз.
approvals-link = PFIF экспортына немесе импортына рұқсат беру
field-purpose = Неге рұқсат береді
approvals-purpose-pfif_export = Бір реттік PFIF экспорты
approvals-purpose-pfif_import = Бір реттік PFIF импорты
approvals-create = Рұқсат кодын беру
approvals-new-code = Жаңа рұқсат коды:
approvals-new-code-help = Оны операторға қауіпсіз жолмен беріңіз. Ол бір-ақ рет, тек осы ұйым үшін жұмыс істейді және 30 минуттан кейін күшін жояды. Ол қайта көрсетілмейді.
approvals-mine = Сіз берген рұқсаттар
approvals-none = Әзірге жоқ.
approvals-expires = Күшін жоятын уақыты
approvals-state = Күйі
approvals-used = Пайдаланылған
approvals-open = Пайдаланылмаған

# The staff sign-in page; the registrants' page has no code field.
staff-signin-title = Қызметкерлердің кіруі
staff-signin-lead = Серіктес ұйымдардың кураторлары мен басқа қызметкерлеріне арналған: тіркелгі атыңыз, құпия сөз тіркесіңіз және аутентификатор қолданбаңыздағы код.
staff-signin-not-staff = Қызметкер емессіз бе? Кәдімгі кіру бетін пайдаланыңыз.
signin-staff-link = Серіктес ұйым қызметкерлері осы жерден кіреді.
