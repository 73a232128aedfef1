// The Koa majors are installed under aliases; both have Koa's API, typed by @types/koa.
declare module "koa2" {
  import Koa from "koa";
  export default Koa;
}
declare module "koa3" {
  import Koa from "koa";
  export default Koa;
}
declare module "koa-bodyparser" {
  import type { Middleware } from "koa";
  export default function bodyParser(options?: {
    enableTypes?: string[];
    encoding?: string;
    jsonLimit?: string;
    onerror?: (error: Error, ctx: unknown) => void;
  }): Middleware;
}
