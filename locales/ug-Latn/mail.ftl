# Emails. No service name, no names, no links: anyone may read them.
mail-update-subject = Yëngi uchur
mail-update-body =
    Yëngi uchur bar. Hësabatingizgha kiring.
mail-verify-code-subject = Kodingiz
mail-verify-code-body =
    Kodingiz: { $code }. U 15 minut inawetlik.
    Eger siz sorimighan bolsingiz, bu xetke perwa qilmang.
mail-recovery-code-subject = Kodingiz
mail-recovery-code-body =
    Kodingiz: { $code }. U 15 minut inawetlik.
    Eger siz sorimighan bolsingiz, bu xetke perwa qilmang; u bolmisa hëchnëme özgermeydu.
