export * from './result';
export * from './channel';
export * from './contract';
export * from './bookdesk-api';
export * from './calendars.ipc';
export * from './customers.ipc';
export * from './schedule.ipc';
export * from './session.ipc';
