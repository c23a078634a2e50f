/** The page's entry: its stylesheet (bundled into app.css) and the controller. */
import "./styles.css";
import { startPage } from "./app.js";

startPage();
