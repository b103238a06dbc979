# Emails. No service name, no names, no links: anyone may read them.
mail-update-subject = Обновление
mail-update-body =
    Есть обновление. Пожалуйста, войдите.
mail-verify-code-subject = Ваш код
mail-verify-code-body =
    Ваш код: { $code }. Он действует 15 минут.
    Если вы его не запрашивали, не обращайте внимания на это письмо.
mail-recovery-code-subject = Ваш код
mail-recovery-code-body =
    Ваш код: { $code }. Он действует 15 минут.
    Если вы его не запрашивали, не обращайте внимания на это письмо; без кода ничего не изменится.
