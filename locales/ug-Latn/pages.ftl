# Public pages: home (/) and safety advice (/safety).
# One message per heading or paragraph; the templates add the HTML.

## Home page

home-title = A'ilingizni izdesh
home-lead = kinlink muhajirettiki a'ililerge alaqisi üzülüp qalghan tughqanlirini izdeshke yardem bëridu. Uchurliringiz shifirlanghan halda saqlinidu, her bir mas këlish ëhtimalini ish bëjirgüchi xadim tekshüridu, ikki a'ile peqet ikkilisi razi bolghandila bir-biridin xewer tapidu.
home-safety-link = Aldi bilen buni oqung: bixeterlikingizni qoghdash

home-who-heading = Bu mulazimet kimler üchün?
home-who-text = kinlink wetendiki tughqanliri bilen alaqisi üzülüp qalghan, chet'elde yashawatqan Uyghur, Qazaq, Qirghiz we bashqa a'ililer üchün. 2017-yilidin buyan wetende nurghun kishiler tutqun qilinip dëreksiz yoqap ketti, chet'eldiki a'ililiri bolsa ularning qeyerde ikenlikini ashkara soriyalmaydu.
home-who-private = kinlink ammiwi tizimlik emes. Bashqa a'ililermu, ish bëjirgüchi xadimlarmu, mulazimetni bashqurghuchilarmu uning ichidin izdiyelmeydu we uni körüp chiqalmaydu. U peqet bir-birini yaki oxshash bir kishini izdewatqan ikki a'ilinila uchrashturalaydu.

home-how-heading = Qandaq ishleydu?
home-step-register-title = Özingizni we izdewatqan kishiliringizni tizimliting
home-step-register-text = Isimlarni özingiz bilgendek, xalighan yëziqta yëzing: uyghurche (ereb yëziqida), latin herpliride, kiril yëziqida, xenzu xëtide yaki pinyinda. Bir isimning bir qanche xil yëzilishini qoshsingiz bolidu. Bashlash üchün bir isim yaki leqem we u kishining sizge kim bolidighanliqi (mesilen, akingiz) yëterlik; qalghanliri ixtiyariy.
home-step-search-title = Mulazimet mas këlish ëhtimali bar xatirilerni izdeydu
home-step-search-text = U isimlarni oxshimighan yëziqlar we oxshimighan yëzilishlar boyiche sëlishturidu, tughulghan yili we tughulghan jayi qatarliq uchurlarnimu közde tutidu. U sizni izdewatqan kishini yaki oxshash bir ademni izdewatqan bashqa tughqanliringizni tëpishi mumkin. Bu peqet bir perez, tëxi ëniq emes.
home-step-review-title = Her bir mas këlish ëhtimalini ish bëjirgüchi xadim tekshüridu
home-step-review-text = Ish bëjirgüchi xadimlar muhajirettiki a'ililerge yardem bëridighan hemkar teshkilatlarda ishleydu. Ular ikki xatirini peqet shu mas këlish ëhtimalini tekshürüsh üchünla köridu, ularning her qëtim achqini xatirilinidu. Eger toghra körünmise, ish shu yerde toxtaydu.
home-step-ask-title = Ikki a'ilidin sorilidu
home-step-ask-text = Siz izdishingizge mas këlish ëhtimali barliqini we yene bir a'ile körsitishni tallighan uchurnila körisiz; esliy tengshekte bu peqet ular ëytqan tughqanchiliq munasiwiti (mesilen, “hedingiz”). Siz “he'e”, “yaq” dep jawab bëreleysiz yaki aldi bilen ish bëjirgüchi xadimingizdin soriyalaysiz.
home-step-share-title = Ikkilisi “he'e” dësila, alaqilishish uchuri bërilidu
home-step-share-text = Ikki a'ile razi bolghanda, her biri yene bir a'ile bërishni tallighan alaqilishish uchurini köridu. Bu “ish bëjirgüchi xadimim arqiliq” bolsimu bolidu. Eger birer a'ile “yaq” dëse, mas këlish shuning bilen axirlishidu, kimning “yaq” dëgenliki hëchkimge ëytilmaydu.
home-how-quiet = Mas këlish ëhtimali tekshürülüwatqanda bëtingizde hëchnëme özgermeydu: peqet tizimlitishingizning inawetlik ikenlikila körsitilidu. Bu a'ililerni peqet kimning kimni izdewatqanliqini bilish üchünla tizimlatqan kishilerdin qoghdaydu.
home-how-no-promise = kinlink hëchkimni choqum tëpip bërimen dep wede qilalmaydu. U peqet tizimlatqan kishilernila uchrashturalaydu.

home-need-heading = Sizge nëme kërek?
home-need-email-title = Ëlxet adrësi kërek emes
home-need-email-text = Ëlxet adrësi yaki tëlëfon nomuri kërek emes. Yëngi uchur bolghanda qisqa uqturush tapshuruwalmaqchi bolsingiz, ëlxet adrësi qoshsingiz bolidu; yaxshisi, peqet mushu ish üchünla yëngi adrës ëching.
home-need-account-title = Hësabat nami we mexpiy ibare
home-need-account-text = Mulazimet sizge kim ikenlikingizni hëch ashkarilimaydighan bir hësabat nami bëridu. Mexpiy ibarini özingiz tallaysiz, u kem dëgende 12 herp-belge bolsun. Bir-birige alaqisiz bir nechche söz ësingizde asan qalidu. Bu mexpiy ibarini bashqa hëch yerde ishletmeng.
home-need-codes-title = Eslige keltürüsh kodliri
home-need-codes-text = Tizimlatqanda eslige keltürüsh kodliri sizge peqet birla qëtim körsitilidu. Ularni qeghezge yëzip, bixeter yerde saqlang: mexpiy ibaringizni untup qalsingiz, ular arqiliq hësabatingizgha qayta kireleysiz.
home-need-help-title = Bixeter kirish we yardem
home-need-help-text = kinlink tëlëfondimu, Tor tor körgüchidimu, hetta JavaScript taqalghan halettimu ishleydu. Hemkar teshkilatning ish bëjirgüchi xadimi tizimlitishingizgha yardemlisheleydu.

home-safety-heading = Tizimlitishtin burun
home-safety-text = Bu mulazimetning uchurliringizni qandaq qoghdaydighanliqi, sizni nëmidin qoghdiyalmaydighanliqi we uni qandaq bixeter ishlitish toghrisida oqung. Buninggha bir nechche minutla këtidu.

## Safety advice page

safety-title = Bixeterlikingizni qoghdash
safety-lead = Tizimlitishtin burun buni oqup chiqing. Bu bette bu mulazimetning uchurliringizni qandaq bir terep qilidighanliqi, sizni nëmidin qoghdiyalmaydighanliqi we uni qandaq qilip tëximu bixeter ishlitish chüshendürülidu.

safety-data-heading = Uchurliringiz qandaq bir terep qilinidu
safety-data-encrypted = Siz kirgüzgen hemme uchur shifirlanghan halda saqlinidu. Sandanning yaki zapas nusxilarning köchürmisini oghrilighan ademmu siz yazghanlarni oquyalmaydu.
safety-data-no-search = Hëchkim tizimlikning ichidin izdiyelmeydu we uni körüp chiqalmaydu: bashqa a'ililermu, ish bëjirgüchi xadimlarmu, mulazimetni bashqurghuchilarmu. Tor bëket “palani kishi tizimlatqanmu?” dëgen so'algha hergiz jawab bermeydu.
safety-data-caseworkers = Ish bëjirgüchi xadim xatiringizni peqet özige tapshurulghan, sizge munasiwetlik mas këlish ëhtimalini tekshürgendila köridu. U her qëtim achqanda, bu ish sewebi bilen bille xatirilinidu.
safety-data-consent = Alaqilishish uchuringiz yene bir a'ilige peqet ikki terep “he'e” dëgendila bërilidu. Uningdin burun ular peqet siz körsitishni tallighan uchurnila köridu; esliy tengshekte bu peqet siz ëytqan tughqanchiliq munasiwiti. Eger birer terep “yaq” dëse, mas këlish shuning bilen axirlishidu, kimning “yaq” dëgenliki hëchkimge ëytilmaydu.
safety-data-no-selling = Biz uchurliringizni hergiz satmaymiz, bu tor bëkette chüshendürülgen basquchlardin sirt hëchkimge bermeymiz.
safety-data-no-logs = Xatire deptirimizde IP adrësingiz, tor körgüchingiz yaki üsküningiz toghrisidiki uchurlar saqlanmaydu.
safety-data-export-delete = Xalighan waqitta kirgüzgen barliq uchurliringizning köchürmisini chüshürüwalalaysiz yaki hemmisini biraqla öchüreleysiz. Öchürülgen uchurlar ularni qoghdighan achquchlar bilen bille yoqitilidu; zapas nusxilardiki köchürmilirini bolsa bir nechche hepte ichide oqughili bolmaydighan bolidu.
safety-data-retention = Ikki yilghiche hësabatingizgha kirmisingiz, tizimlitishingiz üchün mas këlish izdesh toxtitilidu, bir aydin këyin tizimlitishingiz yoqitilidu. Bu muddetni özgerteleysiz. Ëlxet adrësi bergen bolsingiz, bir ay burun eskertish tapshuruwalisiz.

safety-limits-heading = Bu mulazimet sizni nëmidin qoghdiyalmaydu
safety-limits-server = Mas këlish ëhtimali mulazimëtirimizda izdilidu, shunga mulazimëtirda xatirilerni oquyalaydighan achquchlar bar. Eger hujumchi ishlep turghan mulazimëtirni kontrol qiliwalsa, xatirilerni oquyalishi mumkin. Biz achquchlarni ayrim saqlaymiz, kimning nëmini köreleydighanliqini chekleymiz we her bir ziyaretni xatirileymiz, lëkin buningdin artuqigha wede bërelmeymiz.
safety-limits-relatives = Wetendiki tughqanlar bësimgha uchrishi mumkin: ular so'allargha jawab bërishke, siz bilen alaqilishishqa yaki bashqa biri boluwëlip tizimlitishqa mejburlinishi mumkin. Nëme kirgüzidighanliqingizni we uning wetendiki kishiler toghrisida nëmilerni ashkarilap qoyushi mumkinlikini oylang. Peqet ademni tëpishqa këreklik uchurnila kirgüzüng.
safety-limits-fake = Beziler kimning kimni izdewatqanliqini bilish üchün özini tughqan qilip körsitip tizimlitishi mumkin. Ish bëjirgüchi xadimlar her bir mas këlish ëhtimalini tekshüridu, lëkin ularmu xatalishishi mumkin. Peqet yaman niyetlik ademning qoligha chüshüp qalsimu xetersiz bolidighan alaqilishish uchurinila bëring, yaki “ish bëjirgüchi xadimim arqiliq” dëgenni tallang.
safety-limits-device = Bashqilar achalaydighan tëlëfon yaki kompyutërni, bashqilar oquyalaydighan ëlxet hësabatini biz qoghdiyalmaymiz.

safety-use-heading = Bu mulazimetni qandaq bixeter ishlitish kërek
safety-tor-title = Tor tor körgüchini ishliting
safety-tor-text = Tor tor körgüchi (Tor Browser) qeyerdin uliniwatqanliqingizni bizdin yoshuridu, qaysi tor bëketlerni ëchiwatqanliqingizni bolsa tor ulinishingizni közitiwatqanlardin yoshuridu. kinlink bu tor körgüchning JavaScript iqtidarini taqaydighan “Safest” (eng bixeter) tengshikidimu toluq ishleydu. Eger adrës baldiqida “.onion available” dëgen xet körünse, shuni bësing.
safety-tor-link = Tor tor körgüchini torproject.org tor bëkitidin chüshürüng
safety-email-title = Ayrim ëlxet adrësi ishliting yaki ëlxet bermeng
safety-email-text = Ëlxet ixtiyariy. Uqturush tapshuruwalmaqchi bolsingiz, peqet mushu mulazimet üchünla ishlitidighan yëngi bir adrës ëching; u Xitayning sirtidiki bir ëlxet mulazimiti bolsun, QQ, 163 yaki shulargha oxshashlar bolmisun. Yaki hëchqandaq adrës bermey, arilap kirip tekshürüp turung.
safety-device-title = Peqet özingizla achalaydighan üsküne we hësabat ishliting
safety-device-text = Tëlëfon yaki kompyutëringizni PIN yaki parol bilen qoghdang, ortaq ishlitilidighan kompyutërda bu mulazimetni ishletmeng. Ishingiz tügigende hësabatingizdin chëkining. Eger üsküningiz yoqalsa yaki tartiwëlinsa, bashqa üskünidin kirip “hemme yerdin chëkinish” dëgenni tallang.
safety-exit-title = Tëz chiqish
safety-exit-text = Her bir betning üstidiki “tëz chiqish” kunupkisi sizni bu tor bëkettin derhal chiqirip, hawarayi tor bëkitini achidu. U tor körüsh tarixingizni öchürmeydu. Tor tor körgüchi taqalghanda hemmini untuydu; bashqa tor körgüchlerde shexsiy köznek (private window) ishlitip, ishingiz tügigende uni taqang.
safety-passphrase-title = Bashqa yerde ishletmigen mexpiy ibare
safety-passphrase-text = Bashqa tor bëket yaki epte ishletken mexpiy ibare yaki parolni qayta ishletmeng, uni hëchkimge ëytmang. U kem dëgende 12 herp-belge bolsun; bir-birige alaqisiz bir nechche söz ësingizde asan qalidu, bashqilarning uni texmin qilip tëpishi bolsa tes.
safety-codes-title = Eslige keltürüsh kodlirini bixeter saqlang
safety-codes-text = Eslige keltürüsh kodliri peqet tizimlatqanda birla qëtim körsitilidu. Ularni qeghezge yëzip, bashqilar tapalmaydighan yerde saqlang, oxshash tëlëfonda saqlimang. Eger mexpiy ibaringiz yoqalsa, eslige keltürüsh kodi yaki delillen'gen ëlxet adrësi arqiliq qayta kireleysiz. Ularning hëchqaysisi bolmisa, hësabatni hëchkim, hetta bizmu qayta achalmaymiz: qaytidin tizimlitishingizgha toghra këlidu (ish bëjirgüchi xadim sizni tizimlitip qoyalaydu).
safety-impostors-title = Özini kinlink xadimi dep tonushturghanlardin ëhtiyat qiling
safety-impostors-text = Bizmu, ish bëjirgüchi xadimlarmu sizdin hergiz mexpiy ibaringizni yaki eslige keltürüsh kodliringizni sorimaymiz: ëlxet, tëlëfon yaki alaqe epliri arqiliqmu sorimaymiz. Uqturushlirimizda ulanma bolmaydu; kod bar birdinbir ëlxet, siz özingiz telep qilghan mexpiy ibarini qayta belgilesh ëlxëtidur. Gumanlansingiz jawab qayturmang: bu tor bëketni özingiz ëchip, hësabatingizgha kiring.

safety-mail-heading = Ëlxetlirimiz qandaq körünidu
safety-mail-intro = Ëlxet adrësi bergen bolsingiz, biz peqet töwendikige oxshash qisqa uqturushlarnila ewetimiz. Uqturushta we ewetküchining namida kinlink dëgen söz bolmaydu; uqturushta kishi ismi we ulanmimu bolmaydu.
safety-mail-caption = Uqturush ülgisi
safety-mail-subject-label = Tëmisi:
safety-mail-subject = Yëngi uchur
safety-mail-body = Yëngi uchur bar. Hësabatingizgha kiring.
safety-mail-not-match = Her bir ëlxet mas këlish bar dëgenlik emes. Biz ëlxet adrësi bergen hemme kishige oxshash “yëngiliq bar” ëlxëtini xalighanche waqitta ewetimiz, her bir bundaq ëlxet xalighanche këchiktürülüp ewetilidu. Shunga ëlxëtingizni oquydighan adem uningdin birer ish bolghan-bolmighanliqini bilelmeydu.
safety-mail-action = Undaq ëlxet kelse, jawab qayturmang. Bu tor bëketni özingiz ëchip (mumkin bolsa Tor tor körgüchide), hësabatingizgha kiring.

safety-help-heading = Birer ishtin gumanlansingiz
safety-help-text = Oylimighan bir uchur kelse, birer mas këlish ëhtimali sizni ensiretse yaki a'ilingiz bësimgha uchrisa, jawab bërish yaki qarar qilishtin burun özingiz ishinidighan teshkilatning ish bëjirgüchi xadimi bilen meslihetlishing. Mas këlish toghrisida soralghanda, “he'e” yaki “yaq” dëmey, “ish bëjirgüchi xadimimdin soray” dëgenni tallisingiz bolidu.
