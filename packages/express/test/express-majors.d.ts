// The Express majors under test, installed as npm aliases; both typed by @types/express.
declare module "express4" {
  export { default } from "express";
}
declare module "express5" {
  export { default } from "express";
}
