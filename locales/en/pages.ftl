# Public pages: home (/) and safety advice (/safety).
# One message per heading or paragraph; the templates add the HTML.

## Home page

home-title = Looking for your family
home-lead = kinlink helps families in exile look for relatives they have lost contact with. Your information is kept encrypted, a caseworker checks every possible match, and two families learn about each other only when both agree.
home-safety-link = Read this first: staying safe

home-who-heading = Who this service is for
home-who-text = kinlink is for Uyghur, Kazakh, Kyrgyz and other families living abroad who have lost contact with relatives at home. Since 2017 many people in Xinjiang have been detained and have disappeared, and their families abroad often cannot ask openly where they are.
home-who-private = kinlink is not a public list. Other families, caseworkers and the people who run the service cannot search it or browse it. It can only bring together two families who are looking for each other, or for the same person.

home-how-heading = How it works
home-step-register-title = Register yourself and the people you are looking for
home-step-register-text = Write names the way you know them, in any script: Uyghur in Arabic script, Latin letters, Cyrillic, Chinese characters or pinyin. You can add several spellings of one name. A name or nickname and how the person is related to you (for example, your older brother) are enough to start; everything else is optional.
home-step-search-title = The service looks for possible matches
home-step-search-text = It compares names across scripts and spellings, together with details such as year and place of birth. It may find someone who is looking for you, or other relatives who are looking for the same person. A possible match is only a possibility.
home-step-review-title = A caseworker checks each possible match
home-step-review-text = Caseworkers work for partner organizations that help diaspora families. They see the two registrations only to check that possible match, and every time they open one, this is recorded. If it does not look right, it goes no further.
home-step-ask-title = Both families are asked
home-step-ask-text = You see that there may be a match for your search, and only what the other family chose to show: by default just the relation they state (for example, “your sister”). You can answer yes, no, or ask your caseworker first.
home-step-share-title = Contact details are shared only if both say yes
home-step-share-text = When both families agree, each sees the contact details the other chose to give. This can also be “through my caseworker”. If either family says no, the match simply ends, and no one is told who said no.
home-how-quiet = While a possible match is being checked, nothing changes on your page: it only shows that your registration is active. This protects families from people who register only to find out who is looking for whom.
home-how-no-promise = kinlink cannot promise to find anyone. It can only bring together people who have registered.

home-need-heading = What you need
home-need-email-title = No email address
home-need-email-text = You do not need an email address or a phone number. If you want short notices when there is an update, you can add an email address; it is best to create a new one only for this.
home-need-account-title = An account name and a passphrase
home-need-account-text = The service gives you an account name that says nothing about who you are. You choose a passphrase of at least 12 characters. A few unrelated words are easy to remember. Do not use this passphrase anywhere else.
home-need-codes-title = Recovery codes
home-need-codes-text = When you register, you are shown recovery codes once. Write them on paper and keep them in a safe place: they let you back into your account if you forget your passphrase.
home-need-help-title = A safe way in, and help
home-need-help-text = kinlink works on a phone and in Tor Browser, even with JavaScript switched off. A caseworker from a partner organization can help you register.

home-safety-heading = Before you register
home-safety-text = Read how kinlink protects your information, what it cannot protect you from, and how to use it safely. It takes a few minutes.

## Safety advice page

safety-title = Staying safe
safety-lead = Please read this before you register. It explains what kinlink does with your information, what it cannot protect you from, and how to use it more safely.

safety-data-heading = What happens to your information
safety-data-encrypted = Everything you enter is stored encrypted. Someone who steals a copy of our database or of our backups cannot read what you wrote.
safety-data-no-search = No one can search or browse the registry: not other families, not caseworkers, not the people who run the service. The site never answers the question “Is this person registered?”
safety-data-caseworkers = A caseworker sees your registration only while checking a possible match that involves you and was assigned to them. Every time they open it, this is recorded together with the reason.
safety-data-consent = Your contact details go to the other family only when both sides say yes. Before that, they see only what you chose to show; by default this is only the relation you state. If either side says no, the match simply ends, and no one is told who said no.
safety-data-no-selling = We never sell your information, and we do not give it to anyone outside the steps described on this site.
safety-data-no-logs = Our logs do not keep your IP address or details about your browser or device.
safety-data-export-delete = At any time you can download a copy of everything you entered, or delete everything at once. Deleted information is destroyed together with the keys that protected it; copies in our backups become unreadable within a few weeks.
safety-data-retention = If you do not sign in for two years, your registration stops being matched, and a month later it is destroyed. You can choose a different period. If you gave an email address, you get a reminder a month before.

safety-limits-heading = What kinlink cannot protect you from
safety-limits-server = Possible matches are found on our server, so the server holds the keys that can read the records. If an attacker takes control of the running server, they could read them. We keep keys separate, limit who can see what, and record every access, but we cannot promise more than that.
safety-limits-relatives = Relatives at home can be pressured: made to answer questions, to contact you, or to register as someone they are not. Think about what you enter and what it could reveal about people at home. Enter only what is needed to find the person.
safety-limits-fake = Someone may register and pretend to be family in order to learn who is looking for whom. Caseworkers check every possible match, but they can be wrong. Give only contact details that would be safe even in the wrong hands, or choose “through my caseworker”.
safety-limits-device = We cannot protect a phone or computer that others can open, or an email account that others can read.

safety-use-heading = How to use kinlink safely
safety-tor-title = Use Tor Browser
safety-tor-text = Tor Browser hides from us where you are connecting from, and hides from anyone watching your internet connection which sites you visit. kinlink works fully with Tor Browser’s “Safest” security setting, which switches JavaScript off. If Tor Browser shows “.onion available” in the address bar, choose it.
safety-tor-link = Download Tor Browser from torproject.org
safety-email-title = Use a separate email address, or none
safety-email-text = Email is optional. If you want notices, create a new address that you use only for kinlink, with a provider outside China (not QQ, 163 or similar). Or give no address, and sign in from time to time to check.
safety-device-title = Use a device and account only you can open
safety-device-text = Protect your phone or computer with a PIN or password, and do not use kinlink on a shared computer. Sign out when you finish. If your device is lost or taken, sign in from another one and choose “Sign out everywhere”.
safety-exit-title = Quick exit
safety-exit-text = The “Quick exit” button at the top of every page leaves kinlink at once and opens a weather website. It does not erase your browsing history. Tor Browser forgets everything when you close it; in other browsers, use a private window and close it afterwards.
safety-passphrase-title = A passphrase you use nowhere else
safety-passphrase-text = Do not reuse a passphrase or password from any other site or app, and never tell it to anyone. Use at least 12 characters; several unrelated words are easy for you to remember and hard for others to guess.
safety-codes-title = Keep your recovery codes safe
safety-codes-text = Recovery codes are shown only once, when you register. Write them on paper and keep them where others will not find them, not on the same phone. If you lose your passphrase, a recovery code or a verified email address gets you back in. Without either, the account cannot be opened again by anyone, not even by us: you would register again (a caseworker can register you).
safety-impostors-title = Be careful with anyone who says they are from kinlink
safety-impostors-text = Neither we nor the caseworkers will ever ask for your passphrase or your recovery codes, not by email, phone or messenger. Our notices contain no links; the only email with a code is a passphrase reset that you asked for yourself. If in doubt, do not reply: open kinlink yourself and sign in.

safety-mail-heading = What our emails look like
safety-mail-intro = If you give an email address, we send only short notices like the one below. The notice and the sender’s name do not mention kinlink, and the notice contains no names and no links.
safety-mail-caption = An example notice
safety-mail-subject-label = Subject:
safety-mail-subject = Update
safety-mail-body = There is an update. Please sign in.
safety-mail-not-match = Not every email means a match. We also send the same "there is an update" email at random to everyone who gave an email address, and each of these emails leaves after a random delay, so someone who reads your email cannot tell from it whether anything has happened.
safety-mail-action = When you get one, do not reply. Open kinlink yourself, in Tor Browser if you can, and sign in.

safety-help-heading = If something feels wrong
safety-help-text = If a message surprises you, a possible match worries you, or your family is under pressure, talk to a caseworker of an organization you trust before you answer or decide anything. When you are asked about a possible match, you can choose “ask my caseworker” instead of yes or no.
