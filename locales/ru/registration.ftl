# Registration pages: dashboard, about me, people sought, cards, facts, privacy, delete.

nav-dashboard = Моя анкета
save = Сохранить
dashboard-title = Моя анкета
dashboard-status = Ваша анкета активна. Если когда-нибудь вам нужно будет что-то решить, вы увидите это здесь.
dashboard-edit = Изменить
dashboard-more = Карточки и настройки
export-link = Скачать все мои данные (JSON)

about-title = Обо мне
about-lead = Опишите себя так, как вас знали бы родственники. Нужно только имя; всё остальное помогает найти нужных людей.
about-empty = Пока не заполнено.

searches-title = Кого я ищу
searches-empty = Вы пока никого не добавили.
searches-add = Добавить человека
searches-paused = поиск совпадений приостановлен
searches-limit = Вы добавили столько людей, сколько вмещает одна анкета.

search-new-title = Добавить человека, которого я ищу
search-edit-title = Изменить данные человека, которого я ищу
search-lead = Напишите имя всеми способами, которые вы знаете: по-уйгурски, латиницей, кириллицей, китайскими иероглифами или пиньинем, по одному в строке. Нужны только имя и то, кем вам приходится этот человек.
search-matching = Поиск совпадений
search-is-paused = Поиск совпадений для этого человека приостановлен.
search-pause = Приостановить поиск совпадений
search-resume = Возобновить поиск совпадений
search-delete = Удалить этого человека
search-delete-help = Всё об этом человеке будет удалено из вашей анкеты навсегда.

person-names-legend = Имена
field-names = Полные имена, по одному в строке
field-names-help = Сначала собственное имя, затем имя отца, как пишут уйгуры. Например: Abdurehim Tursun, ئابدۇرېھىم تۇرسۇن, 阿不都热依木·吐尔逊.
field-nicknames = Прозвища, по одному в строке
field-father-name = Имя отца
field-mother-name = Имя матери
field-gender = Пол
gender- = Не указан
gender-female = Женский
gender-male = Мужской
gender-unknown = Неизвестен
field-birth = Рождение
field-birth-kind = Что вы знаете о дате рождения?
field-birth-kind-help = Выберите один вариант; сохраняется только то, что вы выбрали.
birth-kind- = Неизвестно
birth-kind-date = Точную дату
birth-kind-year = Год
birth-kind-range = Промежуток лет
field-birth-date = Точная дата
field-birth-year = Год
field-birth-from = С года
field-birth-to = По год
field-birthplace = Место рождения
field-region = Район (необязательно)
field-region-help = Выберите уезд или округ, если знаете.
region-none = Не выбран
sought-legend = Об этом человеке
field-relation = Кем вам приходится этот человек?
relation- = Выберите
relation-father = Отец
relation-mother = Мать
relation-brother = Брат
relation-sister = Сестра
relation-son = Сын
relation-daughter = Дочь
relation-husband = Муж
relation-wife = Жена
relation-grandfather = Дедушка
relation-grandmother = Бабушка
relation-uncle = Дядя
relation-aunt = Тётя
relation-cousin = Двоюродный брат или сестра
relation-nephew = Племянник
relation-niece = Племянница
relation-grandson = Внук
relation-granddaughter = Внучка
relation-father_in_law = Свёкор или тесть
relation-mother_in_law = Свекровь или тёща
relation-son_in_law = Зять
relation-daughter_in_law = Невестка
relation-brother_in_law = Шурин, деверь или свояк
relation-sister_in_law = Золовка, свояченица или невестка
relation-other = Другое
field-last-known-place = Последнее известное место
field-last-contact-year = Год последней связи
field-last-contact-date = Дата последней связи (если знаете)
field-circumstances = Что случилось?
circumstances- = Не указано
circumstances-detained = Задержан(а)
circumstances-missing = Пропал(а) без вести
circumstances-lost_contact = Связь прервалась
circumstances-unknown = Неизвестно
field-notes = Личные заметки для куратора
field-notes-help = Их читает только куратор, который проверяет возможное совпадение.

contact-title = Контактная карточка
contact-lead = То, что получит другая семья, если обе стороны согласятся на связь. До этого ничего отсюда не показывается.
field-channel-kind = Как с вами связаться
field-channel-value = Адрес или номер
channel- = Нет
channel-email = Электронная почта
channel-phone = Телефон
channel-signal = Signal
channel-telegram = Telegram
channel-whatsapp = WhatsApp
channel-postal = Почтовый адрес
channel-caseworker = Через моего куратора
field-message = Сообщение

preconsent-title = Карточка до согласия
preconsent-lead = То, что другая семья видит, прежде чем решить, связываться ли с вами.
show-relation = Указанное мной родство
show-given_name = Только моё имя
show-given_name-preview = Это будет показано так:
show-given_name-none = Вы ещё не написали своё имя в разделе «Обо мне», поэтому ничего не будет показано.
show-country = Страна, где я живу

facts-title = Проверочные факты
facts-lead = От одного до трёх фактов, которые знает только ваша семья, с ответами. Их видит только куратор, который проверяет возможное совпадение, чтобы оценить его. Для входа они никогда не используются.
field-question = Вопрос
field-answer = Ответ

privacy-title = Настройки конфиденциальности
field-matching-paused = Приостановить весь поиск совпадений
field-matching-paused-help = Пока поиск приостановлен, ваша анкета не сравнивается с другими.
field-retention = Хранить мою анкету после последнего входа в течение
retention-months = { $months ->
        [one] { $months } месяц
        [few] { $months } месяца
       *[many] { $months } месяцев
    }
field-country = Страна, где вы живёте (необязательно)
field-country-help = Показывается другой семье до её решения, только если вы выберете это в карточке до согласия.
field-languages = Языки, на которых вы говорите (необязательно)
field-languages-help = Короткие коды через запятую, например: ug, tr, en.
privacy-duress-link = Парольная фраза на случай принуждения и другие настройки учётной записи

delete-title = Удалить всё
delete-lead = Ваша учётная запись, ваша анкета и все, кого вы ищете, будут удалены навсегда. Это нельзя отменить, и вы выйдете из учётной записи.
delete-export-first = Возможно, сначала стоит сохранить копию:
delete-confirm = Я понимаю, что всё будет удалено навсегда.
delete-submit = Удалить всё сейчас

notice-saved = Сохранено.
notice-search-deleted = Человек удалён.

form-error-invalid_input = В форме что-то заполнено неверно. Проверьте и попробуйте снова.
form-error-invalid_json = В форме что-то заполнено неверно. Проверьте и попробуйте снова.
form-error-name_required = Укажите хотя бы одно имя или прозвище.
form-error-name_empty = Одно из имён пустое.
form-error-name_too_long = Имя слишком длинное: не больше 100 символов.
form-error-name_without_letters = В имени нет букв: напишите его буквами любого письма. Одни цифры, знаки или эмодзи ни с кем не совпадут.
form-error-too_many_names = Слишком много имён: не больше 10.
form-error-place_too_long = Название места слишком длинное: не больше 200 символов.
form-error-invalid_region = Выберите район из списка.
form-error-notes_too_long = Заметки слишком длинные: не больше 4000 символов.
form-error-invalid_birth = Дата рождения неверна: она должна быть между 1900 годом и сегодняшним днём, а промежуток должен идти от более раннего года к более позднему.
form-error-invalid_last_contact = Дата последней связи неверна: она должна быть между 1900 годом и сегодняшним днём.
form-error-invalid_gender = Выберите пол из списка.
form-error-invalid_relation = Выберите родство из списка.
form-error-relation_required = Выберите, кем вам приходится этот человек.
form-error-invalid_circumstances = Выберите из списка, что случилось.
form-error-invalid_channel = Выберите способ связи из списка.
form-error-too_many_channels = Слишком много способов связи.
form-error-value_too_long = Адрес или номер слишком длинный.
form-error-invalid_channel_value = Адрес почты указан неверно.
form-error-message_too_long = Сообщение слишком длинное.
form-error-invalid_show = Выбирайте только из списка.
form-error-facts_count = Укажите один, два или три факта.
form-error-fact_empty = У каждого факта должны быть вопрос и ответ.
form-error-fact_too_long = Вопрос или ответ слишком длинный.
form-error-invalid_retention = Выберите срок из списка.
form-error-country_too_long = Название страны слишком длинное.
form-error-invalid_language = Код языка неверен.
form-error-too_many_languages = Слишком много языков: не больше 5.
form-error-sought_limit_reached = Вы добавили столько людей, сколько вмещает одна анкета.
form-error-name_edit_cooldown = Имена этого человека сегодня уже менялись столько раз, сколько разрешено за день.
form-error-confirm_delete = Отметьте флажок, чтобы подтвердить.
region-filter = Начните печатать, чтобы сузить список
dashboard-kept-until = Ваша анкета хранится до { $date } (срок отсчитывается от последнего входа). После этого поиск совпадений прекращается, а через 30 дней анкета удаляется навсегда.
dashboard-renew = Хранить дольше
notice-renewed = Продлено: ваша анкета хранится полный срок, начиная с сегодняшнего дня.
# The contact card's ways to reach someone: the rows, and "through my caseworker" explained.
contact-channels-legend = Как с вами связаться
contact-channels-help = Укажите столько способов, сколько хотите, по одному в строке. Пустая строка не учитывается.
field-channel-kind-n = Способ связи { $n }
channel-caseworker-help = Вариант «Через моего куратора» не даёт другой семье ни вашего адреса, ни номера: сообщения передаются через куратора. Если вам помог заполнить анкету куратор, напишите его имя или организацию. Если вы заполнили анкету сами, сообщения между вами будет передавать куратор, который проверяет ваше совпадение.
contact-save-add = Сохранить и добавить ещё способ
# Deleting one person sought: a page of its own that says what it undoes.
search-delete-title = Удалить этого человека?
search-delete-consequence = Всё, что вы написали об этом человеке, будет удалено навсегда: имена, даты, места и ваши личные заметки. Это нельзя отменить.
search-delete-matches = Каждое возможное совпадение, найденное для этого человека, будет отозвано, на каком бы этапе оно ни было, в том числе предложенное вам или другой семье; кураторы его больше не увидят.
search-delete-again = Чтобы снова искать этого человека, его придётся ввести заново; это засчитывается в дневной лимит на изменение имён.
search-delete-instead = Если вы хотите лишь на время остановить поиск совпадений, лучше приостановите его.
search-delete-confirm = Я понимаю, что этот человек и его возможные совпадения будут удалены навсегда.
search-delete-cancel = Оставить этого человека и вернуться
form-error-confirm_delete_search = Отметьте поле, чтобы подтвердить, или вернитесь, чтобы оставить этого человека.
