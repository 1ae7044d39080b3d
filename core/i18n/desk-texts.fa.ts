/** The Persian catalogue of the texts main composes (core/i18n/desk-texts.ts); ids as in English. */
import type { DeskTextId } from './desk-texts';

const STATUS =
  'booked {رزرو شده} checked_in {حاضر} in_service {در حال خدمت} completed {انجام شده} no_show {نیامده} other {لغو شده}';

export const deskTextsFa: Record<DeskTextId, string> = {
  'refusal.serviceNotHere': 'این خدمت در این میز نیست.',
  'refusal.bookingNotHere': 'این نوبت در این میز نیست.',
  'refusal.walkInNotHere': 'این مراجعهٔ حضوری در این میز نیست.',
  'refusal.customerNotHere': 'این مشتری در این میز نیست.',
  'refusal.staffNotHere': 'این همکار در این میز نیست.',
  'refusal.nobodyFree': 'در آن زمان کسی که این خدمت را انجام دهد آزاد نیست.',
  'refusal.statusMove': `نوبتِ {from, select, ${STATUS}} نمی‌تواند {to, select, ${STATUS}} شود.`,
  'refusal.walkInDone':
    'وضعیت این مراجعهٔ حضوری پیش‌تر {status, select, called {فراخوانده} started {آغازشده} no_show {نیامده} other {رفته}} شده است.',
  'refusal.slotTaken': 'زمان پر است: {staff} از {start, time, hm} تا {end, time, hm} نوبت دارد.',
  'refusal.slotBusy': 'زمان پر است: {staff} از {start, time, hm} تا {end, time, hm} گرفتار است ({subject}).',
  'refusal.notWorking': '{staff} در آن زمان کار نمی‌کند.',

  'problem.slotTaken': 'زمان پر است: {staff} از {start, time, hm} تا {end, time, hm} نوبت دارد',
  'problem.unreadable': 'این میز دیگر نمی‌تواند آن را بخواند، پس فرستاده نشد. لطفاً دوباره ثبتش کنید.',
  'problem.serverSlotTaken': 'زمان پر است: {detail}',
  'problem.serverSlotTakenFirst': 'زمان پر است: کس دیگری زودتر این زمان را رزرو کرد.',
  'problem.serverNotPossible': 'دیگر ممکن نیست: {detail}',
  'problem.serverNotPossibleBare': 'دیگر ممکن نیست.',
  'problem.serverExists': 'از پیش روی سرور هست.',
  'problem.serverRefused': 'سرور آن را نپذیرفت.',
  'problem.outsideHours': 'بیرون از ساعت کاری کارمند است.',
  'problem.tooSoon': 'خیلی زود است: نوبت‌ها {minutes, number} دقیقه زودتر گرفته می‌شوند.',
  'problem.tooFarAhead': 'خیلی دور است: نوبت‌ها حداکثر {days, number} روز جلوتر باز است.',
  'attempted.book': 'نوبت {service} با {staff}، {start, date, when}',
  'attempted.move': 'جابه‌جایی یک نوبت',
  'attempted.moveTo': 'جابه‌جایی یک نوبت به {start, date, when}',
  'attempted.moveWith': 'جابه‌جایی یک نوبت به {staff}',
  'attempted.moveToWith': 'جابه‌جایی یک نوبت به {start, date, when} با {staff}',
  'attempted.setStatus': `تغییر وضعیت یک نوبت به {status, select, ${STATUS}}`,
  'attempted.cancel': 'لغو یک نوبت',
  'attempted.walkIn': 'افزودن مراجعهٔ حضوری برای {service}',
  'attempted.walkInAction':
    '{action, select, call {فراخواندن یک مراجعهٔ حضوری} start {آغاز خدمت یک مراجعهٔ حضوری} no_show {ثبت نیامدن یک مراجعهٔ حضوری} other {ثبت رفتن یک مراجعهٔ حضوری}}',
  'attempted.addCustomer': 'افزودن یک مشتری',
  'attempted.changeCustomer': 'تغییر مشخصات یک مشتری',
  'attempted.unreadable': 'تغییری که {at, date, when} (UTC) ذخیره شد',

  'word.aService': 'یک خدمت',
  'word.someone': 'یک همکار',
  'word.anyoneFree': 'هر همکار آزاد',
  'word.theStaffMember': 'همکار',
  'word.aWalkIn': 'یک مراجعهٔ حضوری',
  'word.aCustomer': 'یک مشتری',
  'word.service': 'خدمت',
  'word.staff': 'همکار',

  'desk.signInToUse': 'برای کار با میز وارد شوید.',
  'desk.signInToSee': 'برای دیدن میز وارد شوید.',
  'desk.notDownloaded': 'برنامهٔ روز هنوز بارگیری نشده است.',
  'desk.serviceNotHereYet': 'این خدمت هنوز در این میز نیست.',
  'desk.customerNotCached': 'این مشتری در داده‌های این رایانه نیست.',
  'desk.signInToManageCalendars': 'برای مدیریت تقویم‌ها وارد شوید.',
  'desk.serverUnreachable': 'به کارساز دسترسی نیست؛ وقتی اتصال برگشت دوباره تلاش کنید.',
  'desk.couldNotReach': 'به {server} دسترسی نشد.',
  'desk.meUnanswered': '{server} نگفت چه کسی وارد شده است ({status}).',

  'ipc.internal': 'مشکلی پیش آمد. لطفاً دوباره تلاش کنید.',
  'ipc.forbidden': 'این پنجره اجازهٔ کار با بوک‌دسک را ندارد.',

  'address.notWeb': '«{input}» نشانی وب نیست.',
  'address.notSecure': 'بوک‌دسک فقط با https وارد می‌شود (http فقط برای همین رایانه).',
  'address.userName': 'نشانی نباید نام کاربری داشته باشد.',

  'signIn.timeout': 'ورود در مرورگر تا ۵ دقیقه تمام نشد.',
  'signIn.cancelled': 'ورود لغو شد.',
  'signIn.stateMismatch': 'مرورگر از ورود دیگری برگشت. لطفاً دوباره تلاش کنید.',
  'signIn.accessDenied': 'ورود در مرورگر رد شد.',
  'signIn.invalidGrant': 'کارساز ورود را نپذیرفت. لطفاً دوباره تلاش کنید.',
  'signIn.tokenExchangeFailed': 'کارساز اکنون نتوانست ورود را کامل کند.',
  'signIn.notSignedIn': 'وارد نشده‌اید.',

  'notice.walkInOverdue.title': 'مراجعهٔ حضوری بیش از حد منتظر مانده',
  'notice.walkInOverdue.body':
    '{name} ({service}) {waited, number} دقیقه منتظر مانده است، {late, number} دقیقه بیش از زمان برآوردشده.',
  'notice.arriving.title': 'نوبت بعدی تا {minutes, number} دقیقهٔ دیگر',
  'notice.arriving.body': '{name} · {service} با {staff} ساعت {start, time, hm}',
};
