@echo off
rem Stops and removes the Windows service "odjc", its procrun settings and its event log source.
rem Keeps %ProgramData%\odjc (configuration, enrollment identity, journal, secrets, logs), so an
rem upgrade is: uninstall-service.cmd, unpack the new version, install-service.cmd. Run it elevated.
setlocal EnableExtensions
set "SERVICE=odjc"

rem the service manager's registry key says whether it exists (see install-service.cmd)
reg query "HKLM\SYSTEM\CurrentControlSet\Services\%SERVICE%" /v ImagePath >nul 2>&1
if errorlevel 1 (
  echo uninstall-service: the service %SERVICE% is not installed
  goto settings
)
sc query %SERVICE% | find "STOPPED" >nul
if errorlevel 1 sc stop %SERVICE% >nul
rem the service drains for up to 30 s, then closes its journal
set /a waited=0
:wait
sc query %SERVICE% | find "STOPPED" >nul
if not errorlevel 1 goto stopped
if %waited% geq 90 (
  echo uninstall-service: %SERVICE% did not stop within 90 s; nothing was removed 1>&2
  exit /b 1
)
set /a waited+=1
ping -n 2 127.0.0.1 >nul
goto wait
:stopped
rem sc delete rather than prunsrv //DS//: procrun's delete first reads the delayed-start setting,
rem which not every service manager answers (Wine's does not); the result is the same.
set /a tries=0
:delete
sc delete %SERVICE% >nul
if not errorlevel 1 goto settings
rem 1072: already marked for deletion; Windows removes it once the last handle to it closes
if errorlevel 1072 if not errorlevel 1073 goto settings
set /a tries+=1
if %tries% geq 5 (
  echo uninstall-service: cannot remove the service %SERVICE% 1>&2
  exit /b 1
)
ping -n 2 127.0.0.1 >nul
goto delete

:settings
rem procrun keeps its settings in the 32-bit registry view (Wow6432Node), even the 64-bit prunsrv
reg query "HKLM\SOFTWARE\Apache Software Foundation\Procrun 2.0\%SERVICE%" /reg:32 >nul 2>&1
if not errorlevel 1 reg delete "HKLM\SOFTWARE\Apache Software Foundation\Procrun 2.0\%SERVICE%" /reg:32 /f >nul
reg query "HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\ODJ Connector" >nul 2>&1
if not errorlevel 1 reg delete "HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application\ODJ Connector" /f >nul
echo Service %SERVICE% is removed; its data directory is kept.
exit /b 0
