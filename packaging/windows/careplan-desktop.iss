; Inno Setup 6 script: the Windows installer for CarePlan Desktop.
;
; Build (on Windows, after `python packaging\build.py` made dist\CarePlanDesktop\):
;   iscc /DAppVersion=0.1.0 packaging\windows\careplan-desktop.iss
; The version comes from the command line (packaging/README.md reads it from
; careplan_desktop.__version__, the one place it lives); the installer is written to
; dist\installer\CarePlanDesktop-<version>-setup.exe.
;
; Per-machine install into Program Files (administrator rights: practice IT installs it once per
; computer, or pushes it silently with /VERYSILENT /SUPPRESSMSGBOXES /NORESTART). A Start-menu
; entry for all users. The uninstaller removes only the files this installer wrote: the vault,
; settings and logs live in each user's own folder (%LOCALAPPDATA%\CarePlan\CarePlanDesktop) and
; are never touched: there is no [UninstallDelete] or [InstallDelete] entry, on purpose.

#ifndef AppVersion
  #error Give the version: iscc /DAppVersion=X.Y.Z careplan-desktop.iss
#endif
#define AppName "CarePlan Desktop"
#define SourceDir "..\..\dist\CarePlanDesktop"

[Setup]
; AppId identifies the product for upgrades and uninstall: never change it
AppId={{6F0C2B61-3E1A-4E0B-9C55-2B7A8C1D9E42}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CarePlan
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist\installer
OutputBaseFilename=CarePlanDesktop-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\CarePlanDesktop.exe
UninstallDisplayName={#AppName}
CloseApplications=yes
; Signing: uncomment after defining a sign tool named "signtool" in the Inno Setup IDE or with
;   iscc "/Ssigntool=signtool.exe sign /fd SHA256 /td SHA256 /tr <timestamp URL> /sha1 <thumbprint> $f" ...
; (packaging/README.md, "Code signing"). The installer and its uninstaller are then signed.
;SignTool=signtool
;SignedUninstaller=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
; the whole one-folder build, already signed (signtool on the .exe files before this step)
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\CarePlanDesktop.exe"; WorkingDir: "{app}"; Comment: "Personalised care and support planning"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\CarePlanDesktop.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Put an icon on the desktop"; Flags: unchecked

[Run]
Filename: "{app}\CarePlanDesktop.exe"; Description: "Start {#AppName} now"; Flags: nowait postinstall skipifsilent unchecked runasoriginaluser
