# The page shell: header, navigation, language form, quick exit, footer.
site-name = kinlink
skip-to-content = Перейти к содержанию
quick-exit = Быстрый выход
nav-label = Главное меню
nav-home = Главная
nav-safety = Безопасность
language-label = Язык:
footer-note = kinlink хранит каждую запись в зашифрованном виде и сообщает двум семьям друг о друге, только если обе согласны.

# Error pages. Titles and messages by error code.
error-request-id = Если будете обращаться в поддержку, назовите этот номер:
error-home-link = На главную страницу
error-title-not_found = Страница не найдена
error-message-not_found = По этому адресу ничего нет. Проверьте адрес или начните сначала с главной страницы.
error-title-method_not_allowed = Действие не разрешено
error-message-method_not_allowed = Эту страницу нельзя использовать таким образом. Вернитесь назад и воспользуйтесь кнопками на странице.
error-title-payload_too_large = Слишком много текста
error-message-payload_too_large = Отправленный текст слишком длинный. Сократите его и попробуйте снова.
error-title-bad_request = С формой что-то не так
error-message-bad_request = Не удалось прочитать отправленные данные. Вернитесь назад и попробуйте снова.
error-title-forbidden = Запрос отклонён
error-message-forbidden = Этот запрос отклонён, чтобы защитить вашу учётную запись. Если вы перешли по ссылке с другого сайта, откройте kinlink напрямую.
error-title-unauthorized = Пожалуйста, войдите
error-message-unauthorized = Чтобы увидеть эту страницу, нужно войти.
error-title-rate_limited = Пожалуйста, не так быстро
error-message-rate_limited = Слишком много запросов.
error-title-service_unavailable = Временно недоступно
error-message-service_unavailable = Сервис перегружен или на обслуживании. Попробуйте снова через несколько минут.
error-title-internal_error = Что-то пошло не так
error-message-internal_error = На нашей стороне произошла непредвиденная ошибка. Ничего из введённого вами никому не передано.

# Navigation for accounts.
nav-account = Моя учётная запись
nav-sign-in = Войти
nav-sign-up = Создать учётную запись
nav-sign-out = Выйти

# Limits: how long to wait, said the same way for every account name.
wait-seconds = { $n ->
        [one] Подождите { $n } секунду, затем попробуйте снова.
        [few] Подождите { $n } секунды, затем попробуйте снова.
       *[many] Подождите { $n } секунд, затем попробуйте снова.
    }
wait-minutes = { $n ->
        [one] Подождите { $n } минуту, затем попробуйте снова.
        [few] Подождите { $n } минуты, затем попробуйте снова.
       *[many] Подождите { $n } минут, затем попробуйте снова.
    }
wait-hours = { $n ->
        [one] Подождите { $n } час, затем попробуйте снова.
        [few] Подождите { $n } часа, затем попробуйте снова.
       *[many] Подождите { $n } часов, затем попробуйте снова.
    }
# The banner on every page while matching or a background job is running late.
banner-matching = Поиск совпадений задерживается: сейчас возможные совпадения не ищутся. Всё, что вы сохранили, остаётся на месте, и поиск сам наверстает упущенное, как только снова заработает.
banner-delayed = Часть фоновой работы выполняется с опозданием: письма и напоминания могут прийти позже обычного. Всё, что вы сохранили, остаётся на месте.
banner-staff = Эти части сервиса опаздывают более чем на 10 минут. Проверьте процессы worker и matcher:
banner-part-matcher = Поиск совпадений (процесс matcher или записи, ждущие в его очереди)
banner-part-recovery = Коды восстановления по почте
banner-part-consent_expiry = Истечение срока совпадений, на которые семьи не ответили
banner-part-staff_notices = Уведомления кураторам о новых кандидатах
banner-part-decoy_updates = Письма-обманки об обновлениях
banner-part-retention = Напоминания, истечение срока и удаление анкет с истёкшим сроком
banner-part-outbox = Отправка писем
banner-part-duress_deletions = Удаления, назначенные входом по парольной фразе на случай принуждения
banner-part-purge = Очистка отработанных лимитов, сеансов и кодов
banner-part-features = Пересборка устаревших данных для поиска совпадений
