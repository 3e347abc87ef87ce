; Windows installer for dmp-desktop (NSIS 3, Modern UI 2): per-machine, 64-bit, French and English.
;
; Build (see docs/windows-build.md):
;   makensis -WX -DVERSION=1.2.3 -DPAYLOAD=dist\dmp-desktop installer.nsi
; Defines:
;   VERSION     x.y.z (required; never hard-coded here)
;   PAYLOAD     the PyInstaller one-folder build holding dmp-desktop.exe (required)
;   OUTFILE     the installer to write (default dmp-desktop-VERSION-setup.exe next to this script)
;   COMPRESSOR  SetCompressor arguments (default "/SOLID lzma"; CI uses zlib, much faster)
;   PYTHON      the Python that lists the payload at compile time (default python / python3)
;   PUBLISHER   the publisher shown in Apps & features
; Install switches: /S (silent), /D=C:\path (folder, last), /NODESKTOP (no desktop shortcut).
; The user's data and settings live in %LOCALAPPDATA%\dmp-desktop (platformdirs) and the certificate
; password in the Windows Credential Manager: neither this installer nor its uninstaller ever touches them.

Unicode true
Target amd64-unicode
ManifestDPIAware true

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WordFunc.nsh"
!include "Sections.nsh"

;--- build-time parameters ------------------------------------------------------------------------------
!ifndef VERSION
  !error "VERSION is not set: makensis -DVERSION=x.y.z -DPAYLOAD=<folder> installer.nsi"
!endif
!ifndef PAYLOAD
  !error "PAYLOAD is not set: makensis -DVERSION=x.y.z -DPAYLOAD=<PyInstaller dist folder> installer.nsi"
!endif
; Windows wants a numeric a.b.c.d file version: refuse anything that is not x.y.z.
!searchparse /noerrors "${VERSION}" "" VERSION_MAJOR "." VERSION_MINOR "." VERSION_PATCH
!ifndef VERSION_PATCH
  !error "VERSION must look like x.y.z (got ${VERSION})"
!endif
!searchparse /noerrors "${VERSION_PATCH}" "" VERSION_PATCH_HEAD "." VERSION_EXTRA
!ifdef VERSION_EXTRA
  !error "VERSION must look like x.y.z (got ${VERSION})"
!endif
!define /ifndef COMPRESSOR "/SOLID lzma"
!define /ifndef PUBLISHER "dmp-desktop developers"
!ifdef NSIS_WIN32_MAKENSIS
  !define /ifndef PYTHON "python"
!else
  !define /ifndef PYTHON "python3"
!endif

!define APPNAME "dmp-desktop"
!define APPEXE "dmp-desktop.exe"
!define CLIEXE "dmp-desktop-cli.exe"
!define UNINSTALLER "Uninstall.exe"
; Written at install time; the uninstaller deletes nothing from a folder that lacks it.
!define MARKER "dmp-desktop.install"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPNAME}"
!define APPKEY "Software\${APPNAME}"
!define /ifndef OUTFILE "${__FILEDIR__}\${APPNAME}-${VERSION}-setup.exe"

;--- the payload, listed file by file at compile time ---------------------------------------------------
; The list drives both File (install) and Delete (uninstall), so uninstalling removes exactly what was
; installed. The script also checks that the payload holds the application.
!tempfile PAYLOAD_LIST
!system '"${PYTHON}" "${__FILEDIR__}/packaging/nsis_filelist.py" --require "${APPEXE}" "${PAYLOAD}" "${PAYLOAD_LIST}"' = 0
!include /CHARSET=UTF8 "${PAYLOAD_LIST}"
!delfile "${PAYLOAD_LIST}"
!undef PAYLOAD_LIST

;--- general ---------------------------------------------------------------------------------------------
Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
SetCompressor ${COMPRESSOR}
InstallDir "$PROGRAMFILES64\${APPNAME}"
InstallDirRegKey HKLM "${UNINSTKEY}" "InstallLocation"
RequestExecutionLevel admin
ShowInstDetails hide
ShowUninstDetails hide
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"
VIFileVersion "${VERSION_MAJOR}.${VERSION_MINOR}.${VERSION_PATCH}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} ${VERSION} setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"

Var OldDir      ; folder of an installed version (registry), empty on a first install
Var OldVersion  ; its DisplayVersion

;--- pages -----------------------------------------------------------------------------------------------
!define MUI_ICON "${__FILEDIR__}\packaging\dmp-desktop.ico"
!define MUI_UNICON "${__FILEDIR__}\packaging\dmp-desktop.ico"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "$(LICENSE_TEXT)"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchApp
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback when Windows runs in neither French nor English.
!insertmacro MUI_LANGUAGE "French"
!insertmacro MUI_LANGUAGE "English"
!include /CHARSET=UTF8 "${__FILEDIR__}\packaging\installer-strings.nsh"

;--- install ---------------------------------------------------------------------------------------------
Section "!$(SEC_MAIN)" SecMain
  SectionIn RO
  Call EnsureAppClosed
  Call RemovePreviousVersion
  !insertmacro DMP_INSTALL_PAYLOAD
  FileOpen $0 "$INSTDIR\${MARKER}" w
  FileWrite $0 "${APPNAME} ${VERSION}$\r$\n"
  FileClose $0
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0
  CreateShortcut "$SMPROGRAMS\${APPNAME}\$(UNINSTALL_LINK).lnk" "$INSTDIR\${UNINSTALLER}"
SectionEnd

Section "$(SEC_DESKTOP)" SecDesktop
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0
SectionEnd

; Hidden, last: registers the uninstaller in Apps & features once every file is in place.
Section "-Register"
  WriteRegStr HKLM "${APPKEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${APPEXE},0"
  WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKLM "${UNINSTKEY}" "VersionMajor" ${VERSION_MAJOR}
  WriteRegDWORD HKLM "${UNINSTKEY}" "VersionMinor" ${VERSION_MINOR}
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
  ; EstimatedSize is in KB: the size makensis recorded for the payload section.
  SectionGetSize ${SecMain} $0
  WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} "$(SEC_MAIN_DESC)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(SEC_DESKTOP_DESC)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  SetShellVarContext all
  SetRegView 64
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "Admin"
    MessageBox MB_OK|MB_ICONSTOP "$(NEED_ADMIN)" /SD IDOK
    SetErrorLevel 740  ; ERROR_ELEVATION_REQUIRED, for roll-out scripts
    Quit
  ${EndIf}
  ; The desktop shortcut is on by default; /NODESKTOP turns it off (useful with /S).
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/NODESKTOP" $R1
  ${IfNot} ${Errors}
    !insertmacro UnselectSection ${SecDesktop}
  ${EndIf}
  ReadRegStr $OldDir HKLM "${UNINSTKEY}" "InstallLocation"
  ReadRegStr $OldVersion HKLM "${UNINSTKEY}" "DisplayVersion"
  ${If} $OldVersion != ""
    ${VersionCompare} "$OldVersion" "${VERSION}" $R2
    ${If} $R2 == 1  ; the installed version is newer
      MessageBox MB_YESNO|MB_ICONQUESTION "$(NEWER_INSTALLED)" /SD IDNO IDYES +2
      Abort
    ${EndIf}
  ${EndIf}
FunctionEnd

; A running exe is locked: opening it for writing fails, which needs no plugin. Sets $0 to 1 if locked.
!macro CHECK_LOCKED FILE
  ${If} ${FileExists} "${FILE}"
    ClearErrors
    FileOpen $1 "${FILE}" a
    ${If} ${Errors}
      StrCpy $0 1
    ${Else}
      FileClose $1
    ${EndIf}
  ${EndIf}
!macroend
!macro ENSURE_APP_CLOSED UN
Function ${UN}EnsureAppClosed
  retry:
  StrCpy $0 0
  !insertmacro CHECK_LOCKED "$INSTDIR\${APPEXE}"
  !insertmacro CHECK_LOCKED "$INSTDIR\${CLIEXE}"
  ${If} $0 == 1
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(APP_RUNNING)" /SD IDCANCEL IDRETRY retry
    Abort
  ${EndIf}
FunctionEnd
!macroend
!insertmacro ENSURE_APP_CLOSED ""
!insertmacro ENSURE_APP_CLOSED "un."

; Upgrade: the previous version's own uninstaller removes exactly its files (never AppData), run in place
; (_?=) so it does not copy itself away and we can wait for it; then the new files go in.
Function RemovePreviousVersion
  ${If} $OldDir == ""
  ${OrIfNot} ${FileExists} "$OldDir\${UNINSTALLER}"
    Return
  ${EndIf}
  DetailPrint "$(REMOVING_OLD) $OldVersion"
  ClearErrors
  ExecWait '"$OldDir\${UNINSTALLER}" /S _?=$OldDir' $0
  ${If} ${Errors}
  ${OrIf} $0 != 0
    DetailPrint "$(OLD_UNINSTALL_FAILED) ($0)"
  ${Else}
    Delete "$OldDir\${UNINSTALLER}"
    RMDir "$OldDir"
  ${EndIf}
FunctionEnd

; The installer runs elevated; starting the app through Explorer runs it as the signed-in user, so its
; settings and data land in that user's AppData, not the administrator's.
Function LaunchApp
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\${APPEXE}"'
FunctionEnd

;--- uninstall -------------------------------------------------------------------------------------------
Function un.onInit
  SetShellVarContext all
  SetRegView 64
  ${IfNot} ${FileExists} "$INSTDIR\${MARKER}"
    MessageBox MB_OK|MB_ICONSTOP "$(NOT_INSTALLED_HERE)" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Call un.EnsureAppClosed
  !insertmacro DMP_UNINSTALL_PAYLOAD
  Delete "$INSTDIR\${MARKER}"
  ; Fails harmlessly when run in place (_?=) during an upgrade: the new installer deletes it then.
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk"
  ; Both languages: the uninstaller may run in another language than the installer did.
  Delete "$SMPROGRAMS\${APPNAME}\${UNINSTALL_LINK_FR}.lnk"
  Delete "$SMPROGRAMS\${APPNAME}\${UNINSTALL_LINK_EN}.lnk"
  RMDir "$SMPROGRAMS\${APPNAME}"
  Delete "$DESKTOP\${APPNAME}.lnk"

  DeleteRegKey HKLM "${UNINSTKEY}"
  DeleteRegKey HKLM "${APPKEY}"
SectionEnd
