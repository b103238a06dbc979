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
