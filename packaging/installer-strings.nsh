; French and English texts of installer.nsi (UTF-8 with BOM). Included after MUI_LANGUAGE.

!define UNINSTALL_LINK_FR "Désinstaller ${APPNAME}"
!define UNINSTALL_LINK_EN "Uninstall ${APPNAME}"

LicenseLangString LICENSE_TEXT ${LANG_FRENCH} "${__FILEDIR__}\notice-fr.txt"
LicenseLangString LICENSE_TEXT ${LANG_ENGLISH} "${__FILEDIR__}\notice-en.txt"

LangString SEC_MAIN ${LANG_FRENCH} "${APPNAME} (programme)"
LangString SEC_MAIN ${LANG_ENGLISH} "${APPNAME} (program)"
LangString SEC_MAIN_DESC ${LANG_FRENCH} "Le programme et ses raccourcis dans le menu Démarrer. Vos données et réglages restent dans votre profil Windows."
LangString SEC_MAIN_DESC ${LANG_ENGLISH} "The program and its Start menu shortcuts. Your data and settings stay in your Windows profile."
LangString SEC_DESKTOP ${LANG_FRENCH} "Raccourci sur le bureau"
LangString SEC_DESKTOP ${LANG_ENGLISH} "Desktop shortcut"
LangString SEC_DESKTOP_DESC ${LANG_FRENCH} "Ajoute une icône ${APPNAME} sur le bureau de tous les utilisateurs."
LangString SEC_DESKTOP_DESC ${LANG_ENGLISH} "Adds a ${APPNAME} icon to every user's desktop."

LangString UNINSTALL_LINK ${LANG_FRENCH} "${UNINSTALL_LINK_FR}"
LangString UNINSTALL_LINK ${LANG_ENGLISH} "${UNINSTALL_LINK_EN}"

LangString NEED_ADMIN ${LANG_FRENCH} "L’installation de ${APPNAME} demande les droits d’administrateur de ce poste."
LangString NEED_ADMIN ${LANG_ENGLISH} "Installing ${APPNAME} requires administrator rights on this computer."
LangString NEWER_INSTALLED ${LANG_FRENCH} "Une version plus récente de ${APPNAME} ($OldVersion) est déjà installée. Installer quand même la version ${VERSION} ?"
LangString NEWER_INSTALLED ${LANG_ENGLISH} "A newer version of ${APPNAME} ($OldVersion) is already installed. Install version ${VERSION} anyway?"
LangString APP_RUNNING ${LANG_FRENCH} "${APPNAME} est ouvert. Fermez-le puis cliquez sur Réessayer."
LangString APP_RUNNING ${LANG_ENGLISH} "${APPNAME} is running. Close it, then click Retry."
LangString REMOVING_OLD ${LANG_FRENCH} "Suppression des fichiers de la version"
LangString REMOVING_OLD ${LANG_ENGLISH} "Removing the files of version"
LangString OLD_UNINSTALL_FAILED ${LANG_FRENCH} "L’ancienne version n’a pas pu être désinstallée ; ses fichiers sont remplacés"
LangString OLD_UNINSTALL_FAILED ${LANG_ENGLISH} "The previous version could not be uninstalled; its files are overwritten"
LangString NOT_INSTALLED_HERE ${LANG_FRENCH} "${APPNAME} n’est pas installé dans $INSTDIR : rien n’a été supprimé."
LangString NOT_INSTALLED_HERE ${LANG_ENGLISH} "${APPNAME} is not installed in $INSTDIR: nothing was removed."
