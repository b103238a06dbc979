# Account pages: sign up, sign in, recovery, settings, staff second factor, invitations.
# hësabat betliri: hësabat ëchish, kirish, eslige keltürüsh, tengshekler, xadimlarning ikkinchi basquchluq delillishi, teklipler.

field-passphrase = Mexpiy ibare
field-passphrase-again = Oxshash mexpiy ibarini qayta kirgüzüng
field-new-passphrase = Yëngi mexpiy ibare
field-current-passphrase = Hazirqi mexpiy ibare
field-duress-passphrase = Mejburlanghanda ishlitidighan mexpiy ibare
field-email = Ëlxet adrësi
field-email-optional = Ëlxet adrësi (ixtiyariy)
field-login = Hësabat nami yaki ëlxet adrësi
field-totp = Delillesh epingizdiki kod
field-totp-help = Ep hazir körsitiwatqan alte reqem. Ikkinchi basquchluq delilleshni tëxi tengshimigen bolsingizla bosh qaldurung.
field-totp-code = Alte xaniliq kod
field-recovery-code = Eslige keltürüsh kodi
field-email-code = Ëlxettiki kod
field-invite-code = Teklip kodi
field-role = Rol
field-organization = Teshkilat
field-organization-name = Teshkilatning nami

passphrase-help = Kem dëgende 12 herp-belge bolsun. Bir-birige alaqisiz bir nechche söz ësingizde asan qalidu, bashqilarning uni texmin qilip tëpishi bolsa tes. Köp ishlitilidighan parollar qobul qilinmaydu.
email-help = Ixtiyariy. Peqet özingizla oquydighan adrës ishliting; yaxshisi, peqet mushu ish üchünla yëngi adrës ëching. Biz bu adrësqa peqet hëchqandaq isim yëzilmighan qisqa uqturushlarnila ewetimiz.

signup-title = Hësabat ëchish
signup-lead = Ismingizni yaki ëlxet adrësingizni bërishingiz shert emes. Biz sizge bir hësabat nami hasil qilip bërimiz.
signup-submit = Hësabatimni ëchish
signup-have-account = Hësabatingiz barmu?

created-title = Hësabatingiz teyyar
created-lead = Hësabat namingizni yëziwëling. Hësabatingizgha kirish üchün u kërek bolidu, biz uni siz üchün izdep tapalmaymiz.
created-handle = Hësabat namingiz:
created-codes = Eslige keltürüsh kodliringiz
created-codes-help = Mexpiy ibaringizni untup qalsingiz, bu kodlarning biri arqiliq yëngi mexpiy ibare belgiliyeleysiz. Her bir kodni peqet birla qëtim ishletkili bolidu. Ularni bu üskünidin ayrim, bashqilar tapalmaydighan bixeter yerde saqlang.
created-print-help = Qeghezge köchürüwëlish üchün, bu betni torkörgüchning tizimlikidin bësip chiqiring yaki kodlarni qolda köchürüwëling. U qeghezni bashqilar tapalmaydighan yerde saqlang.
created-print = Bu betni bësip chiqirish
created-once = Bu kodlar peqet mushu birla qëtim körsitilidu.
created-continue = Hësabatimgha ötüsh

signin-title = Kirish
signin-submit = Kirish
signin-forgot = Mexpiy ibaringizni untup qaldingizmu?
signin-no-account = Tëxi hësabatingiz yoqmu?

recover-title = Yëngi mexpiy ibare belgilesh
recover-with-code = Eslige keltürüsh kodi arqiliq
recover-submit = Yëngi mexpiy ibarini belgilesh
recover-by-email = Ëlxet adrësingiz arqiliq
recover-by-email-help = Eger hësabatingizda delillen'gen ëlxet adrësi bolsa, biz u adrësqa bir kod eweteleymiz.
recover-send-code = Manga kod eweting

account-title = Hësabatim
account-handle = Hësabat nami
account-recovery-left = Qalghan eslige keltürüsh kodliri
account-staff-second-factor = Xadimlar hësabati bashqa herqandaq ishni qilishtin burun ikkinchi basquchluq delilleshni tengshishi kërek.
account-passphrase = Mexpiy ibarini özgertish
account-passphrase-help = Uni özgertsingiz, bashqa barliq üskünilerde hësabatingizdin chëkinisiz.
account-passphrase-submit = Mexpiy ibarini özgertish
account-email = Ëlxet adrësi
account-email-none = Ëlxet adrësi yoq. Buningda hëchqandaq mesile yoq: hësabatingizni eslige keltürüsh kodi arqiliq eslige keltüreleysiz.
account-email-verified = Delillendi. Uning arqiliq hësabatingizgha kireleysiz we hësabatingizni eslige keltüreleysiz.
account-email-unverified = Tëxi delillenmidi. Biz u adrësqa ewetken kodni kirgüzüng.
account-email-verify = Delillesh
account-email-remove = Ëlxet adrësini öchürüsh
account-email-set = Saqlash we kod ewetish
account-sessions = Hësabatingiz ochuq turghan üsküniler
account-session-created = Kirgen waqti
account-session-seen = Axirqi qëtim ishlitilgen waqti
account-session-this = Mushu üsküne
account-sign-out-everywhere = Hemme yerdin chëkinish
account-sign-out-everywhere-help = Eger birer üsküne yoqalghan yaki tartiwëlinghan bolsa, bu arqiliq barliq üskünilerdin, jümlidin mushu üskünidinmu chëkinisiz.
account-duress = Mejburlanghanda ishlitidighan mexpiy ibare
account-duress-help = Eger birersi sizni hësabatingizgha kirishke mejburlisa, öz mexpiy ibaringizning ornigha bu ikkinchi mexpiy ibarini ishliting. U heqiqiydek körünidighan quruq bir hësabatni achidu. Heqiqiy hësabatingiz bolsa bir nechche kündin këyin öchürülidu; uningdin burun heqiqiy mexpiy ibaringiz bilen kirsingizla, u öchürülmeydu.
account-duress-is-set = Mejburlanghanda ishlitidighan mexpiy ibare belgilen'gen.
account-duress-empty-removes = Mejburlanghanda ishlitidighan mexpiy ibarini öchürüsh üchün bu yerni bosh qaldurung.
account-duress-submit = Saqlash

totp-title = Ikkinchi basquchluq delillesh
totp-lead = Xadimlar hësabatigha her qëtim kirgende delillesh epidiki kodni kirgüzüsh kërek (mesilen, Aegis, FreeOTP yaki Google Authenticator).
totp-start = Ikkinchi basquchluq delilleshni tengshesh
totp-step-scan = Bu kodni delillesh epingiz bilen skanërlang.
totp-step-manual = Yaki bu achquchni epke qolda kirgüzüng:
totp-step-code = Epte körsitilgen alte xaniliq kodni kirgüzüng.
totp-confirm = Delillesh
totp-already = Ikkinchi basquchluq delillesh tengsheldi.

invites-title = Teklipler
invites-create = Teklip qurush
invites-new-code = Yëngi teklip kodi:
invites-new-code-help = Uni u kishige bixeter yol bilen yetküzüng. Uni peqet birla qëtim ishletkili bolidu, yette kündin këyin uning waqti ötüp këtidu. U qayta körsitilmeydu.
invites-no-organization = Teshkilat yoq
invites-mine = Siz qurghan teklipler
invites-none = Tëxi yoq.
invites-expires = Waqti ötidighan waqit
invites-state = Haliti
invites-used = Ishlitilgen
invites-open = Ishlitilmigen
orgs-title = Teshkilatlar
orgs-create = Teshkilat qoshush

accept-title = Xadim süpitide qoshulush
accept-lead = Sizge bërilgen teklip kodini kirgüzüp, bir mexpiy ibare tallang.
accept-submit = Xadimlar hësabatimni ëchish

role-org_admin = Teshkilat bashqurghuchisi
role-caseworker = Ish bëjirgüchi xadim
role-admin = Mulazimet bashqurghuchisi
role-auditor = Teptishchi
role-registrant = Tizimlatquchi

notice-recovered = Yëngi mexpiy ibaringiz belgilendi. Hësabatingizgha kiring.
notice-passphrase = Mexpiy ibaringiz özgertildi. Bashqa üskünilerde hësabatingizdin chëkinildi.
notice-email-sent = U adrësqa bir kod ewettuq. Uni töwen'ge kirgüzüng.
notice-email-verified = Ëlxet adrësingiz delillendi.
notice-email-removed = Ëlxet adrësingiz öchürüldi.
notice-duress = Saqlandi.
notice-second-factor = Ikkinchi basquchluq delillesh tengsheldi.
notice-organization = Teshkilat qoshuldi.
notice-signed-out = Hësabatingizdin chëkindingiz.
notice-recovery-email = Eger bu hësabatta delillen'gen ëlxet adrësi bolsa, u adrësqa bir kod ewetildi. Uni yëngi mexpiy ibaringiz bilen bille töwen'ge kirgüzüng.

form-error-invalid_credentials = Hësabat nami yaki mexpiy ibare toghra emes. Hësabat namini tekshürüp, mexpiy ibarini asta qayta kirgüzüng.
form-error-passphrase_too_short = Mexpiy ibare bek qisqa: kem dëgende 12 herp-belge ishliting.
form-error-passphrase_too_long = Mexpiy ibare bek uzun.
form-error-passphrase_breached = Bu mexpiy ibare bek köp uchraydu: u oghrilanghan parollar tizimlikide bar. Bashqa birini tallang.
form-error-passphrase_mismatch = Ikki mexpiy ibare oxshash emes.
form-error-invalid_email = Bu ëlxet adrësigha oxshimaydu.
form-error-totp_required = Delillesh epingizdiki kodni kirgüzüng.
form-error-wrong_passphrase = Hazirqi mexpiy ibare toghra emes.
form-error-invalid_code = Kod toghra emes yaki waqti ötüp ketken.
form-error-invalid_recovery = Hësabat nami yaki kod toghra emes.
form-error-duress_same_as_passphrase = Mejburlanghanda ishlitidighan mexpiy ibare öz mexpiy ibaringizdin perqliq bolushi kërek.
form-error-role_not_allowed = Siz bu rolgha adem teklip qilalmaysiz.
form-error-organization_required = Yëngi teshkilat bashqurghuchisi tewe bolghan teshkilatni tallang.
form-error-invalid_name = Uzunluqi 200 herp-belgidin ashmaydighan nam kirgüzüng.
form-error-invite = Bu teklip kodi inawetsiz, alliqachan ishlitilgen yaki waqti ötüp ketken.
form-error-limited = Hazirla bek köp qëtim sinaldi.
form-error-signin-limited = Bu qëtimqi sinaq tekshürülmidi, shunga mexpiy ibaringiz toghra bolushi mumkin: bir nechche qëtim xata kirgüzülgendin këyin, her qandaq hësabat nami këyinki sinaqtin burun bir'az saqlaydu.
form-error-signup-limited = Hazirla nurghun yëngi hësabat ëchildi, shunga yëngi hësabatlar bir'az saqlaydu. Hëchnëme saqlanmidi.
form-error-recover-limited = Hazirla bu hësabat nami bilen yaki toringizdin bir nechche qëtim eslige keltürüsh sinaldi. Hëchnëme özgertilmidi.
form-error-email_unavailable = Bu mulazimet ëlxet ewetmeydu, shunga ëlxet adrësini jezmleshtürgili bolmaydu. Uni bosh qaldurung.

# Approval codes for a PFIF export or import (organization admins).
approvals-title = PFIF chiqirish yaki kirgüzüshke ruxset bërish
approvals-intro = Ruxset kodi bilen meshghulatchi teshkilatingiz yardem bërip tizimlighan xatirilerni PFIF sheklide (Person Finder we shuninggha oxshash tizimlikler oquydighan shekil) bir qëtim chiqiralaydu yaki bir qëtim kirgüzeleydu. Uni peqet birla qëtim ishletkili bolidu, 30 minuttin këyin uning waqti ötüp këtidu. Chiqirilghan höjjette isimlar, tughulghan waqitlar, jaylar we izahatlar shifirlanmighan halette bolidu: peqet teshkilatingiz qarar qilghan chiqirishqila ruxset bëring.
approvals-link = PFIF chiqirish yaki kirgüzüshke ruxset bërish
field-purpose = Nëmige ruxset
approvals-purpose-pfif_export = Bir qëtimliq PFIF chiqirish
approvals-purpose-pfif_import = Bir qëtimliq PFIF kirgüzüsh
approvals-create = Ruxset kodi bërish
approvals-new-code = Yëngi ruxset kodi:
approvals-new-code-help = Uni meshghulatchigha bixeter yol bilen yetküzüng. Uni peqet birla qëtim, peqet mushu teshkilat üchün ishletkili bolidu, 30 minuttin këyin uning waqti ötüp këtidu. U qayta körsitilmeydu.
approvals-mine = Siz bergen ruxsetler
approvals-none = Tëxi yoq.
approvals-expires = Waqti ötidighan waqit
approvals-state = Haliti
approvals-used = Ishlitilgen
approvals-open = Ishlitilmigen

# The staff sign-in page; the registrants' page has no code field.
staff-signin-title = Xadimlar kirishi
staff-signin-lead = Hemkarlashquchi teshkilatlarning ish bëjirgüchi xadimliri we bashqa xadimliri üchün: hësabat namingiz, mexpiy ibaringiz we delillesh epingizdiki kod.
staff-signin-not-staff = Xadim emesmu? Adettiki kirishni ishliting.
signin-staff-link = Hemkarlashquchi teshkilat xadimliri bu yerdin kiridu.
