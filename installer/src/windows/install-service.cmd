@echo off
rem Installs the connector as the Windows service "odjc" (procrun in jvm mode). Run it elevated,
rem from the unpacked distribution, which stays where it is: the service runs from it.
rem   install-service.cmd [--account NAME] [--java DIR] [--data DIR]
rem NAME: DOMAIN\gmsa$ (a gMSA or MSA: no password), DOMAIN\user (password from the environment
rem variable ODJC_SERVICE_PASSWORD), or LocalSystem (the default). DIR for --java: a Java 17+ home
rem (default %JAVA_HOME%). --data: configuration, state and logs (default %ProgramData%\odjc).
rem docs\windows.md has the details.
setlocal EnableExtensions DisableDelayedExpansion
set "SERVICE=odjc"
set "APP=%~dp0"
set "APP=%APP:~0,-1%"
set "PRUNSRV=%APP%\bin\amd64\prunsrv.exe"
set "ACCOUNT=LocalSystem"
set "JAVA_DIR=%JAVA_HOME%"
set "DATA=%ProgramData%\odjc"
set "MISSING="

:args
rem No parenthesised blocks around user values below: a ")" in a path, e.g. "Program Files (x86)",
rem would end the block early. Hence goto and one message variable.
if "%~1"=="" goto parsed
if /i "%~1"=="--account" if not "%~2"=="" set "ACCOUNT=%~2" & shift & shift & goto args
if /i "%~1"=="--java" if not "%~2"=="" set "JAVA_DIR=%~2" & shift & shift & goto args
if /i "%~1"=="--data" if not "%~2"=="" set "DATA=%~2" & shift & shift & goto args
echo install-service: unknown option or missing value: %1 1>&2
echo usage: install-service.cmd [--account DOMAIN\gmsa$^|DOMAIN\user^|LocalSystem] [--java JAVA_HOME] [--data DIR] 1>&2
exit /b 2
:parsed

set "MESSAGE=no Java: pass --java DIR or set JAVA_HOME to a 64-bit Java 17 or later"
if "%JAVA_DIR%"=="" goto fail
set "JVM_DLL=%JAVA_DIR%\bin\server\jvm.dll"
set "MESSAGE=%JVM_DLL% does not exist: --java must name a 64-bit Java 17+ home"
if not exist "%JVM_DLL%" goto fail
rem the service manager's registry key says whether it exists; sc query may fail for a moment
rem while the service manager is busy (seen under Wine), which would look like "not installed"
set "MESSAGE=the service %SERVICE% is already installed: run uninstall-service.cmd first, it keeps %DATA%"
reg query "HKLM\SYSTEM\CurrentControlSet\Services\%SERVICE%" /v ImagePath >nul 2>&1
if not errorlevel 1 goto fail

rem Who the service runs as; only a plain domain account has a password.
set "PASSWORD_ARG="
set "GRANTEE=%ACCOUNT%"
if /i "%ACCOUNT%"=="LocalSystem" set "GRANTEE=*S-1-5-18" & goto identified
if "%ACCOUNT:~-1%"=="$" goto identified
set "MESSAGE=%ACCOUNT% is not a managed service account, DOMAIN\name$: set ODJC_SERVICE_PASSWORD to its password"
if not defined ODJC_SERVICE_PASSWORD goto fail
set "PASSWORD_ARG=1"
:identified

rem State, secrets and logs belong to the service identity and the administrators alone.
for %%d in ("%DATA%" "%DATA%\state" "%DATA%\secrets" "%DATA%\logs" "%DATA%\tmp") do if not exist "%%~d" mkdir "%%~d"
for %%d in ("%DATA%\state" "%DATA%\secrets" "%DATA%\logs" "%DATA%\tmp") do if not exist "%%~d\" set "MISSING=%%~d"
set "MESSAGE=cannot create %MISSING%"
if defined MISSING goto fail
icacls "%DATA%" /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" "%GRANTEE%:(OI)(CI)M" >nul
set "MESSAGE=cannot set the ACL of %DATA% for %ACCOUNT%"
if errorlevel 1 goto fail
if not exist "%DATA%\jvm.options" copy /y "%APP%\config\jvm.options" "%DATA%\jvm.options" >nul

rem JVM options: the fixed ones, then jvm.options'; procrun splits the list at #.
rem -Xrs: the JVM ignores console control events (a user logging off); procrun stops it.
set "JVM_OPTIONS=-Xrs#-Djava.io.tmpdir=%DATA%\tmp"
for /f "usebackq eol=# tokens=* delims=" %%o in ("%DATA%\jvm.options") do call :option "%%o"

rem procrun takes any parameter from a PR_ variable: the password stays off every command line
set "PR_SERVICEPASSWORD="
if defined PASSWORD_ARG set "PR_SERVICEPASSWORD=%ODJC_SERVICE_PASSWORD%"
call :install
set "MESSAGE=procrun could not install the service, see above"
if errorlevel 1 goto fail

rem procrun asks the SCM for the delayed start; where the SCM refuses (older systems, Wine) procrun
rem only warns, so write the value the SCM reads at boot.
reg query "HKLM\SYSTEM\CurrentControlSet\Services\%SERVICE%" /v DelayedAutostart >nul 2>&1
if errorlevel 1 reg add "HKLM\SYSTEM\CurrentControlSet\Services\%SERVICE%" /v DelayedAutostart /t REG_DWORD /d 1 /f >nul

rem Recovery for crashes: restart after 1 min, 1 min, then 5 min; forget failures after a day. A
rem configuration error stops the service cleanly, which is not a failure, so it never loops.
sc failure %SERVICE% reset= 86400 actions= restart/60000/restart/60000/restart/300000 >nul

rem The Application log source; .NET's message file shows each entry's own text for any id.
reg add "HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\ODJ Connector" /v EventMessageFile /t REG_EXPAND_SZ /d "%%SystemRoot%%\Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll" /f >nul
reg add "HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\ODJ Connector" /v TypesSupported /t REG_DWORD /d 7 /f >nul

echo Installed service %SERVICE% ^(ODJ Connector^) as %ACCOUNT%, from %APP%.
echo Configuration: %DATA%\odjc.yaml ^(odjc setup writes it^); logs: %DATA%\logs.
echo Start it with: sc start %SERVICE%
exit /b 0

:fail
echo install-service: %MESSAGE% 1>&2
exit /b 1

:option
set "JVM_OPTIONS=%JVM_OPTIONS%#%~1"
exit /b 0

:install
"%PRUNSRV%" //IS//%SERVICE% ^
  --DisplayName="ODJ Connector" ^
  --Description="Creates computer accounts in Active Directory and offline-domain-join blobs for a dispatch service" ^
  --Startup=delayed ^
  --ServiceUser="%ACCOUNT%" ^
  --Jvm="%JVM_DLL%" ^
  --Classpath="%APP%\odjc.jar" ^
  --JvmOptions="%JVM_OPTIONS%" ^
  --StartMode=jvm --StartClass=org.odjc.host.ProcrunService --StartMethod=start ^
  --StartParams="--config#%DATA%\odjc.yaml" ^
  --StopMode=jvm --StopClass=org.odjc.host.ProcrunService --StopMethod=stop ^
  --StopTimeout=60 ^
  --LogPath="%DATA%\logs" --LogPrefix=procrun --LogLevel=Info ^
  --StdOutput=auto --StdError=auto
exit /b %errorlevel%
