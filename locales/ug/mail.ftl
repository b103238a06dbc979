# Emails. No service name, no names, no links: anyone may read them.
mail-update-subject = يېڭى ئۇچۇر
mail-update-body =
    يېڭى ئۇچۇر بار. ھېساباتىڭىزغا كىرىڭ.
mail-verify-code-subject = كودىڭىز
mail-verify-code-body =
    كودىڭىز: { $code }. ئۇ 15 مىنۇت ئىناۋەتلىك.
    ئەگەر سىز سورىمىغان بولسىڭىز، بۇ خەتكە پەرۋا قىلماڭ.
mail-recovery-code-subject = كودىڭىز
mail-recovery-code-body =
    كودىڭىز: { $code }. ئۇ 15 مىنۇت ئىناۋەتلىك.
    ئەگەر سىز سورىمىغان بولسىڭىز، بۇ خەتكە پەرۋا قىلماڭ؛ ئۇ بولمىسا ھېچنېمە ئۆزگەرمەيدۇ.
