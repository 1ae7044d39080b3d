/** iCalendar text for tests, with the VTIMEZONE definitions real clients (Apple Calendar) send. */

export const LONDON_VTIMEZONE = `BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:DAYLIGHT
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
TZNAME:BST
DTSTART:19810329T010000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
TZNAME:GMT
DTSTART:19961027T020000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`;

/** America/New_York's rules under the Windows name Outlook/Exchange use as TZID (not an IANA name). */
export const EASTERN_WINDOWS_VTIMEZONE = `BEGIN:VTIMEZONE
TZID:Eastern Standard Time
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE`;

export const NEW_YORK_VTIMEZONE = EASTERN_WINDOWS_VTIMEZONE.replace(
  'TZID:Eastern Standard Time',
  'TZID:America/New_York',
);

/** Wraps VEVENT/VTIMEZONE blocks in a VCALENDAR with CRLF line ends, as the RFC requires. */
export function vcalendar(...components: string[]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Bookdesk tests//EN',
    ...components,
    'END:VCALENDAR',
    '',
  ]
    .join('\n')
    .replace(/\r?\n/g, '\r\n');
}

export function vevent(lines: string[]): string {
  return ['BEGIN:VEVENT', 'DTSTAMP:20270101T000000Z', ...lines, 'END:VEVENT'].join('\n');
}
