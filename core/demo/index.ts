export * from './demo-business';
