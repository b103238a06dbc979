# Public pages: home (/) and safety advice (/safety).
# One message per heading or paragraph; the templates add the HTML.

## Home page

home-title = Ailenizi arıyorsanız
home-lead = kinlink, sürgündeki ailelerin irtibatını kaybettikleri yakınlarını aramalarına yardım eder. Bilgileriniz şifreli tutulur, her olası eşleşmeyi bir vaka görevlisi kontrol eder ve iki aile birbirini ancak ikisi de kabul ettiğinde öğrenir.
home-safety-link = Önce bunu okuyun: güvende kalmak

home-who-heading = Bu hizmet kimin için
home-who-text = kinlink, yurt dışında yaşayan ve memleketteki yakınlarıyla irtibatı kopmuş Uygur, Kazak, Kırgız ve diğer aileler içindir. 2017’den beri Sincan’da pek çok insan gözaltına alındı ve kayboldu; yurt dışındaki aileleri çoğu zaman nerede olduklarını açıkça soramıyor.
home-who-private = kinlink herkese açık bir liste değildir. Diğer aileler, vaka görevlileri ve hizmeti yürütenler onda arama yapamaz, onu gözden geçiremez. kinlink yalnızca birbirini ya da aynı kişiyi arayan iki aileyi bir araya getirebilir.

home-how-heading = Nasıl çalışır
home-step-register-title = Kendinizi ve aradığınız kişileri kaydedin
home-step-register-text = İsimleri bildiğiniz gibi, herhangi bir yazıyla yazın: Arap harfleriyle Uygurca, Latin harfleri, Kiril harfleri, Çince karakterler ya da pinyin. Bir ismin birkaç yazılışını ekleyebilirsiniz. Başlamak için bir isim ya da lakap ve kişinin size yakınlığı (örneğin ağabeyiniz) yeterlidir; gerisi isteğe bağlıdır.
home-step-search-title = Hizmet olası eşleşmeleri arar
home-step-search-text = İsimleri farklı yazılar ve yazılışlar arasında, doğum yılı ve yeri gibi bilgilerle birlikte karşılaştırır. Sizi arayan birini ya da aynı kişiyi arayan başka yakınları bulabilir. Olası bir eşleşme yalnızca bir ihtimaldir.
home-step-review-title = Her olası eşleşmeyi bir vaka görevlisi kontrol eder
home-step-review-text = Vaka görevlileri, diasporadaki ailelere yardım eden ortak kuruluşlarda çalışır. İki kaydı yalnızca o olası eşleşmeyi kontrol etmek için görürler ve birini her açışlarında bu kayda geçer. Doğru görünmüyorsa iş orada biter.
home-step-ask-title = İki aileye de sorulur
home-step-ask-text = Aramanız için bir eşleşme olabileceğini ve yalnızca karşı ailenin göstermeyi seçtiği bilgileri görürsünüz: varsayılan olarak yalnızca belirttikleri yakınlık (örneğin “kız kardeşiniz”). Evet ya da hayır diyebilir veya önce vaka görevlinize sorabilirsiniz.
home-step-share-title = İletişim bilgileri yalnızca iki taraf da evet derse paylaşılır
home-step-share-text = İki aile de kabul ettiğinde her biri, diğerinin vermeyi seçtiği iletişim bilgilerini görür. Bu, “vaka görevlim aracılığıyla” da olabilir. Ailelerden biri hayır derse eşleşme orada biter ve kimin hayır dediği kimseye söylenmez.
home-how-quiet = Olası bir eşleşme kontrol edilirken sayfanızda hiçbir şey değişmez: yalnızca kaydınızın etkin olduğu görünür. Bu, aileleri yalnızca kimin kimi aradığını öğrenmek için kayıt olan kişilere karşı korur.
home-how-no-promise = kinlink kimseyi bulacağına söz veremez. Yalnızca kayıt olmuş kişileri bir araya getirebilir.

home-need-heading = Neye ihtiyacınız var
home-need-email-title = E-posta adresi gerekmez
home-need-email-text = E-posta adresine ya da telefon numarasına ihtiyacınız yok. Bir gelişme olduğunda kısa bildirimler almak isterseniz bir e-posta adresi ekleyebilirsiniz; en iyisi yalnızca bunun için yeni bir adres açmaktır.
home-need-account-title = Bir hesap adı ve bir parola cümlesi
home-need-account-text = Hizmet size kim olduğunuz hakkında hiçbir şey söylemeyen bir hesap adı verir. En az 12 karakterlik bir parola cümlesi seçersiniz. Birbiriyle ilgisiz birkaç kelimeyi hatırlamak kolaydır. Bu parola cümlesini başka hiçbir yerde kullanmayın.
home-need-codes-title = Kurtarma kodları
home-need-codes-text = Kayıt olduğunuzda kurtarma kodları size bir kez gösterilir. Onları kâğıda yazın ve güvenli bir yerde saklayın: parola cümlenizi unutursanız hesabınıza yeniden girmenizi sağlarlar.
home-need-help-title = Güvenli bir giriş yolu ve yardım
home-need-help-text = kinlink telefonda ve Tor Browser’da, JavaScript kapalıyken bile çalışır. Ortak bir kuruluştan bir vaka görevlisi kaydınızı yapmanıza yardım edebilir.

home-safety-heading = Kayıt olmadan önce
home-safety-text = kinlink’in bilgilerinizi nasıl koruduğunu, sizi neye karşı koruyamayacağını ve onu nasıl güvenle kullanacağınızı okuyun. Birkaç dakikanızı alır.

## Safety advice page

safety-title = Güvende kalmak
safety-lead = Lütfen kayıt olmadan önce bunu okuyun. kinlink’in bilgilerinizle ne yaptığını, sizi neye karşı koruyamayacağını ve onu nasıl daha güvenli kullanacağınızı anlatır.

safety-data-heading = Bilgilerinize ne olur
safety-data-encrypted = Girdiğiniz her şey şifreli saklanır. Veri tabanımızın ya da yedeklerimizin bir kopyasını çalan biri yazdıklarınızı okuyamaz.
safety-data-no-search = Kayıtlarda kimse arama yapamaz ve onları kimse gözden geçiremez: ne diğer aileler, ne vaka görevlileri, ne de hizmeti yürütenler. Site “Bu kişi kayıtlı mı?” sorusuna asla cevap vermez.
safety-data-caseworkers = Bir vaka görevlisi kaydınızı yalnızca sizi ilgilendiren ve kendisine verilmiş olası bir eşleşmeyi kontrol ederken görür. Kaydı her açışı, nedeniyle birlikte kayda geçer.
safety-data-consent = İletişim bilgileriniz diğer aileye yalnızca iki taraf da evet dediğinde gider. O zamana kadar yalnızca göstermeyi seçtiğiniz şeyleri görürler; varsayılan olarak bu yalnızca belirttiğiniz yakınlıktır. Taraflardan biri hayır derse eşleşme orada biter ve kimin hayır dediği kimseye söylenmez.
safety-data-no-selling = Bilgilerinizi asla satmayız ve bu sitede anlatılan adımlar dışında kimseye vermeyiz.
safety-data-no-logs = Kayıt dosyalarımız IP adresinizi, tarayıcınız ya da cihazınız hakkındaki bilgileri tutmaz.
safety-data-export-delete = İstediğiniz zaman girdiğiniz her şeyin bir kopyasını indirebilir ya da her şeyi tek seferde silebilirsiniz. Silinen bilgiler, onları koruyan anahtarlarla birlikte yok edilir; yedeklerimizdeki kopyalar birkaç hafta içinde okunamaz hâle gelir.
safety-data-retention = İki yıl boyunca giriş yapmazsanız kaydınız eşleştirilmeyi bırakır ve bir ay sonra yok edilir. Farklı bir süre seçebilirsiniz. Bir e-posta adresi verdiyseniz bir ay önceden hatırlatma alırsınız.

safety-limits-heading = kinlink sizi neye karşı koruyamaz
safety-limits-server = Olası eşleşmeler sunucumuzda bulunur, bu yüzden kayıtları okuyabilen anahtarlar sunucudadır. Bir saldırgan çalışan sunucunun denetimini ele geçirirse kayıtları okuyabilir. Anahtarları ayrı tutuyor, kimin neyi görebileceğini sınırlıyor ve her erişimi kayda geçiriyoruz, ama bundan fazlasına söz veremeyiz.
safety-limits-relatives = Memleketteki yakınlar baskı altına alınabilir: soruları cevaplamaya, sizinle iletişim kurmaya ya da başka biri gibi kayıt olmaya zorlanabilirler. Ne girdiğinizi ve bunun memleketteki insanlar hakkında neyi ortaya çıkarabileceğini düşünün. Yalnızca kişiyi bulmak için gereken bilgileri girin.
safety-limits-fake = Biri, kimin kimi aradığını öğrenmek için kayıt olup aileden biri gibi davranabilir. Vaka görevlileri her olası eşleşmeyi kontrol eder, ama yanılabilirler. Yalnızca yanlış ellere geçse bile güvenli olacak iletişim bilgileri verin ya da “vaka görevlim aracılığıyla” seçeneğini seçin.
safety-limits-device = Başkalarının açabildiği bir telefonu ya da bilgisayarı, başkalarının okuyabildiği bir e-posta hesabını koruyamayız.

safety-use-heading = kinlink’i güvenle nasıl kullanırsınız
safety-tor-title = Tor Browser kullanın
safety-tor-text = Tor Browser, nereden bağlandığınızı bizden, hangi siteleri ziyaret ettiğinizi de internet bağlantınızı izleyen herkesten gizler. kinlink, JavaScript’i kapatan “En Güvenli” (Safest) güvenlik ayarıyla da tam olarak çalışır. Tor Browser adres çubuğunda “.onion available” gösterirse onu seçin.
safety-tor-link = Tor Browser’ı torproject.org adresinden indirin
safety-email-title = Ayrı bir e-posta adresi kullanın ya da hiç kullanmayın
safety-email-text = E-posta isteğe bağlıdır. Bildirim almak istiyorsanız, Çin dışındaki bir sağlayıcıda (QQ, 163 ya da benzerleri değil) yalnızca kinlink için kullanacağınız yeni bir adres açın. Ya da hiç adres vermeyin ve ara sıra giriş yapıp kontrol edin.
safety-device-title = Yalnızca sizin açabildiğiniz bir cihaz ve hesap kullanın
safety-device-text = Telefonunuzu ya da bilgisayarınızı bir PIN ya da parolayla koruyun ve kinlink’i ortak kullanılan bir bilgisayarda kullanmayın. İşiniz bitince çıkış yapın. Cihazınız kaybolur ya da elinizden alınırsa başka bir cihazdan giriş yapıp “Her yerden çıkış yap”ı seçin.
safety-exit-title = Hızlı çıkış
safety-exit-text = Her sayfanın üstündeki “Hızlı çıkış” düğmesi kinlink’ten hemen çıkar ve bir hava durumu sitesini açar. Tarama geçmişinizi silmez. Tor Browser kapatıldığında her şeyi unutur; diğer tarayıcılarda gizli bir pencere kullanın ve işiniz bitince kapatın.
safety-passphrase-title = Başka hiçbir yerde kullanmadığınız bir parola cümlesi
safety-passphrase-text = Başka bir site ya da uygulamadaki bir parolayı ya da parola cümlesini tekrar kullanmayın ve onu asla kimseye söylemeyin. En az 12 karakter kullanın; birbiriyle ilgisiz birkaç kelimeyi sizin hatırlamanız kolay, başkalarının tahmin etmesi zordur.
safety-codes-title = Kurtarma kodlarınızı güvende tutun
safety-codes-text = Kurtarma kodları yalnızca bir kez, kayıt olduğunuzda gösterilir. Onları kâğıda yazın ve başkalarının bulamayacağı bir yerde saklayın, aynı telefonda değil. Parola cümlenizi kaybederseniz bir kurtarma kodu ya da doğrulanmış bir e-posta adresi sizi yeniden içeri alır. İkisi de yoksa hesabı kimse, biz bile yeniden açamayız: yeniden kayıt olmanız gerekir (bir vaka görevlisi sizi kaydedebilir).
safety-impostors-title = kinlink’ten olduğunu söyleyen herkese karşı dikkatli olun
safety-impostors-text = Ne biz ne de vaka görevlileri parola cümlenizi ya da kurtarma kodlarınızı e-postayla, telefonla ya da mesajlaşma uygulamasıyla asla istemeyiz. Bildirimlerimizde bağlantı yoktur; kod içeren tek e-posta, sizin istediğiniz bir parola cümlesi sıfırlamasıdır. Emin değilseniz cevap vermeyin: kinlink’i kendiniz açın ve giriş yapın.

safety-mail-heading = E-postalarımız nasıl görünür
safety-mail-intro = Bir e-posta adresi verirseniz yalnızca aşağıdaki gibi kısa bildirimler göndeririz. Bildirimde ve gönderen adında kinlink geçmez; bildirimde isim ve bağlantı yoktur.
safety-mail-caption = Örnek bir bildirim
safety-mail-subject-label = Konu:
safety-mail-subject = Güncelleme
safety-mail-body = Bir güncelleme var. Lütfen giriş yapın.
safety-mail-not-match = Her e-posta bir eşleşme demek değildir. Aynı “bir güncelleme var” e-postasını e-posta adresi veren herkese rastgele de göndeririz ve bu e-postaların her biri rastgele bir gecikmeyle çıkar; böylece e-postanızı okuyan biri bir şey olup olmadığını ondan anlayamaz.
safety-mail-action = Böyle bir e-posta aldığınızda cevap vermeyin. kinlink’i kendiniz, mümkünse Tor Browser’da açın ve giriş yapın.

safety-help-heading = Bir şeyler ters geliyorsa
safety-help-text = Bir mesaj sizi şaşırttıysa, olası bir eşleşme sizi endişelendiriyorsa ya da aileniz baskı altındaysa, cevap vermeden ya da bir karar vermeden önce güvendiğiniz bir kuruluşun vaka görevlisiyle konuşun. Olası bir eşleşme hakkında size sorulduğunda evet ya da hayır yerine “vaka görevlime sor” seçeneğini seçebilirsiniz.
