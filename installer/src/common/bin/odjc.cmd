@echo off
rem The odjc command of an installed connector: the JVM options from ODJC_JAVA_OPTS, the rest is odjc's.
setlocal
if "%JAVA%"=="" set "JAVA=java"
"%JAVA%" %ODJC_JAVA_OPTS% -jar "%~dp0..\odjc.jar" %*
