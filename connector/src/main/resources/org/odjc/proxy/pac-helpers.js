// The PAC helper functions (Netscape's "Navigator Proxy Auto-Config File Format", 1996, and
// Microsoft's IPv6 "Ex" additions), written for odjc. Host access goes only through three
// functions the sandbox provides: __odjcResolve(host) (IPv4 and IPv6 literals, ';'-separated, or
// null), __odjcMyAddress() and __odjcNow() (epoch milliseconds of the connector's clock).

function isPlainHostName(host) {
  return String(host).indexOf('.') < 0;
}

function dnsDomainIs(host, domain) {
  host = String(host).toLowerCase();
  domain = String(domain).toLowerCase();
  return host.length >= domain.length && host.substring(host.length - domain.length) === domain;
}

function localHostOrDomainIs(host, hostdom) {
  host = String(host).toLowerCase();
  hostdom = String(hostdom).toLowerCase();
  return host === hostdom || (isPlainHostName(host) && hostdom.indexOf(host + '.') === 0);
}

function dnsDomainLevels(host) {
  return String(host).split('.').length - 1;
}

function __odjcAddresses(host) {
  var all = __odjcResolve(String(host));
  return all === null ? [] : String(all).split(';');
}

function dnsResolve(host) {
  var all = __odjcAddresses(host);
  for (var i = 0; i < all.length; i++) {
    if (all[i].indexOf(':') < 0) return all[i];
  }
  return null;
}

function dnsResolveEx(host) {
  return __odjcAddresses(host).join(';');
}

function isResolvable(host) {
  return dnsResolve(host) !== null;
}

function isResolvableEx(host) {
  return __odjcAddresses(host).length > 0;
}

function myIpAddress() {
  var me = String(__odjcMyAddress());
  return me.indexOf(':') < 0 ? me : '127.0.0.1';
}

function myIpAddressEx() {
  return String(__odjcMyAddress());
}

function __odjcIpv4(text) {
  var parts = String(text).split('.');
  if (parts.length !== 4) return null;
  var n = 0;
  for (var i = 0; i < 4; i++) {
    if (!/^[0-9]{1,3}$/.test(parts[i])) return null;
    var v = parseInt(parts[i], 10);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

function isInNet(host, pattern, mask) {
  var address = __odjcIpv4(host) !== null ? String(host) : dnsResolve(host);
  if (address === null) return false;
  var a = __odjcIpv4(address), p = __odjcIpv4(pattern), m = __odjcIpv4(mask);
  if (a === null || p === null || m === null) return false;
  return ((a & m) >>> 0) === ((p & m) >>> 0);
}

function shExpMatch(str, shexp) {
  var re = '';
  shexp = String(shexp);
  for (var i = 0; i < shexp.length; i++) {
    var c = shexp.charAt(i);
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if ('\\^$.|+()[]{}/'.indexOf(c) >= 0) re += '\\' + c;
    else re += c;
  }
  return new RegExp('^' + re + '$').test(String(str));
}

function __odjcNowDate() {
  return new Date(__odjcNow());
}

// Arguments ending in "GMT" compare in UTC, otherwise in the connector's local time.
function __odjcArgs(args) {
  var list = Array.prototype.slice.call(args);
  var gmt = list.length > 0 && String(list[list.length - 1]).toUpperCase() === 'GMT';
  if (gmt) list.pop();
  return { list: list, gmt: gmt };
}

function __odjcInRange(now, lo, hi, wraps) {
  return lo <= hi ? (now >= lo && now <= hi) : (wraps && (now >= lo || now <= hi));
}

var __odjcDays = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
var __odjcMonths = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function weekdayRange() {
  var a = __odjcArgs(arguments);
  if (a.list.length < 1 || a.list.length > 2) return false;
  var d1 = __odjcDays.indexOf(String(a.list[0]).toUpperCase());
  var d2 = a.list.length === 2 ? __odjcDays.indexOf(String(a.list[1]).toUpperCase()) : d1;
  if (d1 < 0 || d2 < 0) return false;
  var now = __odjcNowDate();
  return __odjcInRange(a.gmt ? now.getUTCDay() : now.getDay(), d1, d2, true);
}

// dateRange(day | month | year [, same kind]) or (day, month, day, month), (month, year, month,
// year), (day, month, year, day, month, year): each half is turned into one comparable number.
function dateRange() {
  var a = __odjcArgs(arguments);
  var n = a.list.length;
  if (n !== 1 && n !== 2 && n !== 4 && n !== 6) return false;
  var now = __odjcNowDate();
  var today = {
    day: a.gmt ? now.getUTCDate() : now.getDate(),
    month: a.gmt ? now.getUTCMonth() : now.getMonth(),
    year: a.gmt ? now.getUTCFullYear() : now.getFullYear()
  };
  var fields = [];
  for (var i = 0; i < n; i++) {
    var v = a.list[i];
    var m = __odjcMonths.indexOf(String(v).toUpperCase());
    if (m >= 0) fields.push({ kind: 'month', value: m });
    else if (typeof v === 'number' && v >= 1 && v <= 31) fields.push({ kind: 'day', value: v });
    else if (typeof v === 'number' && v > 31) fields.push({ kind: 'year', value: v });
    else return false;
  }
  var half = n === 1 ? 1 : n / 2;
  var shape = '';
  for (var j = 0; j < half; j++) {
    if (fields[j].kind !== (fields[j + (n === 1 ? 0 : half)]).kind) return false;
    shape += fields[j].kind.charAt(0);
  }
  function key(part, source) {
    var y = 0, mo = 0, d = 0;
    for (var k = 0; k < part.length; k++) {
      if (part[k].kind === 'year') y = part[k].value;
      if (part[k].kind === 'month') mo = part[k].value;
      if (part[k].kind === 'day') d = part[k].value;
    }
    if (source) { y = shape.indexOf('y') >= 0 ? today.year : 0; mo = shape.indexOf('m') >= 0 ? today.month : 0; d = shape.indexOf('d') >= 0 ? today.day : 0; }
    return y * 10000 + mo * 100 + d;
  }
  var lo = key(fields.slice(0, half), false);
  var hi = key(fields.slice(n === 1 ? 0 : half), false);
  return __odjcInRange(key([], true), lo, hi, shape.indexOf('y') < 0);
}

// timeRange(hour), (hour1, hour2): from hour1:00:00 to hour2:00:00 exclusive, (h1, m1, h2, m2),
// (h1, m1, s1, h2, m2, s2): inclusive.
function timeRange() {
  var a = __odjcArgs(arguments);
  var n = a.list.length;
  var now = __odjcNowDate();
  var h = a.gmt ? now.getUTCHours() : now.getHours();
  var mi = a.gmt ? now.getUTCMinutes() : now.getMinutes();
  var s = a.gmt ? now.getUTCSeconds() : now.getSeconds();
  for (var i = 0; i < n; i++) if (typeof a.list[i] !== 'number') return false;
  var t = h * 3600 + mi * 60 + s;
  var v = a.list;
  if (n === 1) return h === v[0];
  if (n === 2) return v[0] <= v[1] ? (h >= v[0] && h < v[1]) : (h >= v[0] || h < v[1]);
  if (n === 4) return __odjcInRange(t, v[0] * 3600 + v[1] * 60, v[2] * 3600 + v[3] * 60, true);
  if (n === 6) return __odjcInRange(t, v[0] * 3600 + v[1] * 60 + v[2], v[3] * 3600 + v[4] * 60 + v[5], true);
  return false;
}

function alert(message) {
}
