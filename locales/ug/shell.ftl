# The page shell: header, navigation, language form, quick exit, footer.
# بەت قېپى: بەت بېشى، يول باشلاش، تىل تاللاش، تېز چىقىش، بەت ئاستى.
site-name = kinlink
skip-to-content = مەزمۇنغا ئۆتۈش
quick-exit = تېز چىقىش
nav-label = ئاساسىي تىزىملىك
nav-home = باش بەت
nav-safety = بىخەتەرلىك
language-label = تىل:
footer-note = kinlink ھەر بىر خاتىرىنى شىفىرلاپ ساقلايدۇ ۋە ئىككى ئائىلىگە بىر-بىرى توغرۇلۇق پەقەت ئىككىلىسى رازى بولغاندىلا خەۋەر بېرىدۇ.

# Error pages. Titles and messages by error code.
# خاتالىق بەتلىرى. خاتالىق كودى بويىچە ماۋزۇ ۋە ئۇچۇرلار.
error-request-id = ياردەم سوراپ ئالاقىلاشسىڭىز، بۇ نومۇرنى ئېيتىڭ:
error-home-link = باش بەتكە قايتىش
error-title-not_found = بەت تېپىلمىدى
error-message-not_found = بۇ ئادرېستا ھېچنېمە يوق. ئادرېسنى تەكشۈرۈڭ ياكى باش بەتتىن قايتا باشلاڭ.
error-title-method_not_allowed = رۇخسەت قىلىنمايدۇ
error-message-method_not_allowed = بۇ بەتنى بۇنداق ئىشلەتكىلى بولمايدۇ. ئارقىغا قايتىپ، بەتتىكى كۇنۇپكىلارنى ئىشلىتىڭ.
error-title-payload_too_large = تېكىست بەك ئۇزۇن
error-message-payload_too_large = سىز ئەۋەتكەن مەزمۇن بەك ئۇزۇن. ئۇنى قىسقارتىپ قايتا سىناڭ.
error-title-bad_request = جەدۋەلدە مەسىلە بار
error-message-bad_request = ئەۋەتىلگەن مەزمۇننى ئوقۇيالمىدۇق. ئارقىغا قايتىپ قايتا سىناڭ.
error-title-forbidden = تەلەپ رەت قىلىندى
error-message-forbidden = ھېساباتىڭىزنى قوغداش ئۈچۈن بۇ تەلەپ رەت قىلىندى. ئەگەر باشقا تور بېكەتتىكى ئۇلانمىنى بېسىپ كەلگەن بولسىڭىز، kinlink تور بېكىتىنى بىۋاسىتە ئېچىڭ.
error-title-unauthorized = ھېساباتىڭىزغا كىرىڭ
error-message-unauthorized = بۇ بەتنى كۆرۈش ئۈچۈن ھېساباتىڭىزغا كىرىشىڭىز كېرەك.
error-title-rate_limited = سەل ساقلاڭ
error-message-rate_limited = تەلەپلەر بەك كۆپ بولۇپ كەتتى.
error-title-service_unavailable = ۋاقىتلىق ئىشلەتكىلى بولمايدۇ
error-message-service_unavailable = مۇلازىمەت ھازىر ئالدىراش ياكى ئاسراش ئېلىپ بېرىلىۋاتىدۇ. بىر نەچچە مىنۇتتىن كېيىن قايتا سىناڭ.
error-title-internal_error = خاتالىق كۆرۈلدى
error-message-internal_error = بىز تەرەپتە كۈتۈلمىگەن خاتالىق يۈز بەردى. سىز كىرگۈزگەن ھېچقانداق ئۇچۇر ھېچكىمگە بېرىلمىدى.

# Navigation for accounts.
# ھېسابات يول باشلىشى.
nav-account = ھېساباتىم
nav-sign-in = كىرىش
nav-sign-up = ھېسابات ئېچىش
nav-sign-out = چېكىنىش

# Limits: how long to wait, said the same way for every account name.
# چەكلىمە: قانچىلىك ساقلاش كېرەكلىكى، ھەر قانداق ھېسابات نامى ئۈچۈن ئوخشاش ئېيتىلىدۇ.
wait-seconds = { $n } سېكۇنت ساقلاپ، ئاندىن قايتا سىناڭ.
wait-minutes = { $n } مىنۇت ساقلاپ، ئاندىن قايتا سىناڭ.
wait-hours = { $n } سائەت ساقلاپ، ئاندىن قايتا سىناڭ.
# ماس كېلىش ئىزدەش ياكى ئارقا سۇپا ئىشلىرى كېچىككەندە ھەر بەتتە كۆرۈنىدىغان ئاگاھلاندۇرۇش.
banner-matching = ماس كېلىش ئىزدەش كېچىكىۋاتىدۇ: ھازىر مۇمكىن بولغان ماس كېلىشلەر ئىزدەلمەيۋاتىدۇ. سىز ساقلىغان ھەممە نەرسە ساقلىنىپ تۇرىدۇ، ماس كېلىش ئىزدەش قايتا ئىشلىگەندە ئۆزلۈكىدىن يېتىشىۋالىدۇ.
banner-delayed = بەزى ئارقا سۇپا ئىشلىرى كېچىكىۋاتىدۇ: ئېلخەت ۋە ئەسكەرتمىلەر ئادەتتىكىدىن كېيىنرەك كېلىشى مۇمكىن. سىز ساقلىغان ھەممە نەرسە ساقلىنىپ تۇرىدۇ.
banner-staff = مۇلازىمەتنىڭ تۆۋەندىكى قىسىملىرى 10 مىنۇتتىن ئارتۇق كېچىكتى. ئارقا سۇپا ۋە ماس كېلىش ئىزدەش جەريانلىرىنى تەكشۈرۈڭ:
banner-part-matcher = ماس كېلىش ئىزدەش (ماسلاشتۇرغۇچ جەريانى ياكى ئۇنىڭ ئۆچىرىكىدە ساقلاۋاتقان خاتىرىلەر)
banner-part-recovery = ئېلخەت ئارقىلىق ئەسلىگە كەلتۈرۈش كودلىرى
banner-part-consent_expiry = ئائىلىلەر جاۋاب بەرمىگەن ماس كېلىشلەرنىڭ ۋاقتى ئۆتۈشى
banner-part-staff_notices = ئىش بېجىرگۈچى خادىملارغا يېڭى نامزاتلار توغرىسىدىكى ئۇقتۇرۇش
banner-part-decoy_updates = ساختا يېڭىلىنىش ئېلخەتلىرى
banner-part-retention = مۇددىتى ئۆتكەن تىزىملىتىشلەرنىڭ ئەسكەرتمىسى، ۋاقتى ئۆتۈشى ۋە ئۆچۈرۈلۈشى
banner-part-outbox = ئېلخەت يوللاش
banner-part-duress_deletions = مەجبۇرىي كىرىش پىلانلىغان ئۆچۈرۈشلەر
banner-part-purge = ئىشلىتىلىپ بولغان چەكلىمە، كىرىش ۋە كودلارنى تازىلاش
banner-part-features = كونىراپ قالغان ماس كېلىش سانلىق مەلۇماتلىرىنى قايتا قۇرۇش
