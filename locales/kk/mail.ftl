# Emails. No service name, no names, no links: anyone may read them.
mail-update-subject = Жаңа хабар
mail-update-body =
    Жаңа хабар бар. Кіріңіз.
mail-verify-code-subject = Сіздің кодыңыз
mail-verify-code-body =
    Сіздің кодыңыз: { $code }. Ол 15 минут жарамды.
    Егер оны сіз сұрамасаңыз, бұл хатқа мән бермеңіз.
mail-recovery-code-subject = Сіздің кодыңыз
mail-recovery-code-body =
    Сіздің кодыңыз: { $code }. Ол 15 минут жарамды.
    Егер оны сіз сұрамасаңыз, бұл хатқа мән бермеңіз; кодсыз ештеңе өзгермейді.
